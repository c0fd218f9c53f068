package io.zapsocket.client;

import io.zapsocket.protocol.ZapSocketException;

/**
 * The server refused to connect a namespace (a {@code CONNECT_ERROR} packet: a middleware called
 * {@code next(err)}, or the namespace does not exist). The socket does not retry by itself; call
 * {@link ClientSocket#connect()} again (e.g. with fresh credentials).
 *
 * @since 0.1
 */
public class ConnectErrorException extends ZapSocketException {
    private static final long serialVersionUID = 1L;

    private final transient Object data;

    /**
     * @param message the server's {@code message}
     * @param data the server's {@code data} (decoded JSON), or {@code null}
     */
    public ConnectErrorException(String message, Object data) {
        super(message);
        this.data = data;
    }

    /** The {@code data} the server attached to the refusal (maps, lists, scalars), or {@code null}. */
    public Object data() {
        return data;
    }
}
