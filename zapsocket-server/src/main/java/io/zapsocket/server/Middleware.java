package io.zapsocket.server;

/**
 * A connection middleware ({@code namespace.use(...)}), run in registration order for every socket that tries to
 * join the namespace. Call {@link Next#proceed()} to continue, or {@link Next#fail} to refuse: the client then
 * receives {@code CONNECT_ERROR {"message":..., "data":...}}. May complete asynchronously from any thread.
 * A thrown exception refuses the connection with its message (and the data of a {@link MiddlewareException}).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Middleware {

    void handle(ServerSocket socket, Next next) throws Exception;

    /** The continuation of a middleware chain; only the first call counts. */
    interface Next {
        void proceed();

        void fail(String message);

        /** @param data any JSON-serialisable value sent as {@code data}, may be {@code null} */
        void fail(String message, Object data);
    }
}
