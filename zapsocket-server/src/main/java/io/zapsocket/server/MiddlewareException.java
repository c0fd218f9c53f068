package io.zapsocket.server;

import io.zapsocket.protocol.ZapSocketException;

/**
 * Refusal by a middleware. Thrown from a {@link Middleware}, its message and {@link #data()} are sent to the
 * client in the {@code CONNECT_ERROR} packet.
 *
 * @since 0.1
 */
public class MiddlewareException extends ZapSocketException {
    private static final long serialVersionUID = 1L;
    private final transient Object data;

    public MiddlewareException(String message) {
        this(message, null);
    }

    public MiddlewareException(String message, Object data) {
        super(message);
        this.data = data;
    }

    /** Extra JSON-serialisable data for the client, or {@code null}. */
    public Object data() {
        return data;
    }
}
