package io.zapsocket.postgres;

/**
 * Entry point of the PostgreSQL adapter:
 *
 * <pre>{@code
 * PostgresAdapterFactory pg = PostgresAdapters.create(PostgresAdapterOptions
 *         .builder("jdbc:postgresql://127.0.0.1:5432/app").user("app").password("secret").build());
 * SocketServer io = SocketServer.create(ServerOptions.builder().adapter(pg).build());
 * ...
 * io.close().join();
 * pg.close();
 * }</pre>
 *
 * @since 0.2
 */
public final class PostgresAdapters {
    private PostgresAdapters() {
    }

    /**
     * LISTEN/NOTIFY with an attachment table, wire-compatible with {@code @socket.io/postgres-adapter} 0.5: Zap-Socket
     * and Node socket.io nodes with the same {@code channelPrefix} and {@code tableName} form one cluster. At-most-once:
     * what is notified while a node is not listening does not reach it; no connection state recovery.
     */
    public static PostgresAdapterFactory create(PostgresAdapterOptions options) {
        return new PostgresAdapterFactory(options);
    }
}
