package io.zapsocket.protocol;

/**
 * An acknowledgement did not arrive in time. The message is {@code operation has timed out}, as in Socket.IO.
 *
 * @since 0.1
 */
public class AckTimeoutException extends ZapSocketException {
    private static final long serialVersionUID = 1L;

    public AckTimeoutException() {
        super("operation has timed out");
    }

    protected AckTimeoutException(String message) {
        super(message);
    }
}
