package io.zapsocket.client;

import io.zapsocket.protocol.ZapSocketException;

/**
 * The Engine.IO connection could not be opened or failed: connection refused, TLS failure, an HTTP error status
 * (e.g. {@code 400 {"code":1,"message":"Session ID unknown"}}), a refused WebSocket upgrade, the connect
 * {@code timeout}, a bad handshake. Reported to {@code connect_error} / {@code reconnect_error} / error listeners;
 * the client then reconnects (if enabled).
 *
 * @since 0.1
 */
public class TransportException extends ZapSocketException {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
