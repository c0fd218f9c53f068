package io.zapsocket.server.internal.engine;

/**
 * Engine.IO HTTP error codes and messages, as engine.io's {@code Server.errors} / {@code errorMessages} (0-5), plus
 * Zap-Socket's admission errors (6, 7), each with its HTTP status.
 */
enum EngineError {
    UNKNOWN_TRANSPORT(0, "Transport unknown"),
    UNKNOWN_SID(1, "Session ID unknown"),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
    BAD_REQUEST(3, "Bad request"),
    /** {@code allowRequest} refused: 403, but a refused WebSocket upgrade is a raw 400 as in Node. */
    FORBIDDEN(4, "Forbidden", 403, 400),
    /** The {@code Origin} is not in {@code allowedOrigins}: 403, WebSocket upgrades included. */
    ORIGIN_NOT_ALLOWED(4, "Origin not allowed", 403, 403),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version"),
    /** {@code maxConnections} reached. */
    TOO_MANY_CONNECTIONS(6, "Too many connections", 503, 503),
    /** Per-IP handshake rate limit. */
    TOO_MANY_REQUESTS(7, "Too many requests", 429, 429),
    /** The server is draining ({@code SocketServer.close(Duration)}): connect to another node. */
    DRAINING(8, "Server draining", 503, 503);

    final int code;
    final String message;
    /** HTTP status of the JSON error answer (polling). */
    final int status;
    /** HTTP status of the raw answer to a refused WebSocket upgrade. */
    final int upgradeStatus;

    EngineError(int code, String message) {
        this(code, message, 400, 400);
    }

    EngineError(int code, String message, int status, int upgradeStatus) {
        this.code = code;
        this.message = message;
        this.status = status;
        this.upgradeStatus = upgradeStatus;
    }
}
