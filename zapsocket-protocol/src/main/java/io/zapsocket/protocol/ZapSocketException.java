package io.zapsocket.protocol;

/**
 * The root of Zap-Socket's unchecked exceptions. Runtime conditions of asynchronous operations are reported by
 * failing the returned {@link java.util.concurrent.CompletionStage} with a subclass, never thrown.
 *
 * @since 0.1
 */
public class ZapSocketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ZapSocketException(String message) {
        super(message);
    }

    public ZapSocketException(String message, Throwable cause) {
        super(message, cause);
    }
}
