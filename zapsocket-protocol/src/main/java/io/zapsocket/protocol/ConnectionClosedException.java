package io.zapsocket.protocol;

/**
 * The socket or connection was closed before the operation completed (e.g. a pending acknowledgement when the
 * peer disconnects).
 *
 * @since 0.1
 */
public class ConnectionClosedException extends ZapSocketException {
    private static final long serialVersionUID = 1L;

    public ConnectionClosedException(String message) {
        super(message);
    }
}
