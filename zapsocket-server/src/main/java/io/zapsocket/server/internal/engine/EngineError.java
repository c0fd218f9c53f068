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
    FORBIDDEN(4, "Forbidden", 403),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version"),
    /** {@code maxConnections} reached. */
    TOO_MANY_CONNECTIONS(6, "Too many connections", 503),
    /** Per-IP handshake rate limit. */
    TOO_MANY_REQUESTS(7, "Too many requests", 429);

    final int code;
    final String message;
    final int status;

    EngineError(int code, String message) {
        this(code, message, 400);
    }

    EngineError(int code, String message, int status) {
        this.code = code;
        this.message = message;
        this.status = status;
    }
}
