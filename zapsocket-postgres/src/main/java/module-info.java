/**
 * The PostgreSQL adapter of Zap-Socket (LISTEN/NOTIFY, with an attachment table for large or binary payloads),
 * wire-compatible with Node's {@code @socket.io/postgres-adapter} 0.5. The {@code internal} package is not exported.
 */
@SuppressWarnings("requires-automatic") // pgjdbc ships no module descriptor; its Automatic-Module-Name is stable
module io.zapsocket.postgres {
    requires transitive io.zapsocket.server;
    requires java.sql;
    requires org.postgresql.jdbc;
    requires org.slf4j;

    exports io.zapsocket.postgres;
}
