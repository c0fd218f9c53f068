package io.zapsocket.server;

/**
 * The SLF4J MDC keys the server sets while a socket's code runs (its event handlers, middlewares, connection,
 * disconnect and error listeners), and around the Engine.IO session's events and log lines ({@link #SESSION_ID},
 * {@link #TRANSPORT}, {@link #REMOTE_ADDRESS}), when {@link ServerOptions#logContext()} is on (the default). They are removed
 * again afterwards, so log lines outside a socket's handlers do not carry a stale socket. A log pattern shows them
 * with {@code %X{zap.socketId}} (logback) or {@code %X} for all. Handlers that continue on another thread (a
 * {@code CompletableFuture}, an executor of their own) must carry the context themselves
 * ({@code MDC.getCopyOfContextMap()} / {@code setContextMap}).
 *
 * @since 0.3
 */
public final class LogContext {
    /**
     * The Engine.IO session id ({@code sid}): set around the engine's events (open, upgrade, close) and its own log
     * lines, with {@link #TRANSPORT} and {@link #REMOTE_ADDRESS}, outside any socket handler.
     *
     * @since 0.3
     */
    public static final String SESSION_ID = "zap.sessionId";
    /** The socket id (per namespace; changes on each reconnection unless the session is recovered). */
    public static final String SOCKET_ID = "zap.socketId";
    /** The namespace name, e.g. {@code /chat}. */
    public static final String NAMESPACE = "zap.namespace";
    /** The current transport: {@code polling} or {@code websocket}. */
    public static final String TRANSPORT = "zap.transport";
    /**
     * The client's IP address: the TCP peer's, or the one a trusted proxy forwarded ({@code trustedProxies}), as
     * {@link Handshake#address()}.
     */
    public static final String REMOTE_ADDRESS = "zap.remoteAddress";
    /** The user id, when the socket has one (see {@link #USER_ID_DATA_KEY}); absent otherwise. */
    public static final String USER_ID = "zap.userId";
    /**
     * The {@link ServerSocket#data()} key whose value (its {@code toString()}) is logged as {@link #USER_ID}. An
     * authentication middleware puts the user id there ({@code zapsocket-jwt}'s {@code JwtAuth} puts the token's
     * subject).
     */
    public static final String USER_ID_DATA_KEY = "userId";

    private LogContext() {
    }
}
