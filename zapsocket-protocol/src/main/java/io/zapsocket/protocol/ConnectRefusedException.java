package io.zapsocket.protocol;

/**
 * The namespace refused the connection (the server's {@code CONNECT_ERROR}, e.g. its auth middleware said no) or
 * the auth supplier failed: the emits still buffered fail with this, with the refusal as the cause
 * ({@code io.zapsocket.client.ConnectErrorException} for a server's refusal). The socket is inactive until
 * {@code connect()} is called again.
 *
 * @since 0.2
 */
public class ConnectRefusedException extends ConnectionClosedException {
    private static final long serialVersionUID = 1L;

    public ConnectRefusedException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
