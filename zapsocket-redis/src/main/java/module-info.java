/**
 * The Redis adapters of Zap-Socket (pub/sub, sharded pub/sub, Streams), wire-compatible with Node's
 * {@code @socket.io/redis-adapter} and {@code @socket.io/redis-streams-adapter}. The {@code internal} package is not
 * exported.
 */
@SuppressWarnings("requires-automatic") // Lettuce ships no module descriptor; its name is stable
module io.zapsocket.redis {
    requires transitive io.zapsocket.server;
    requires lettuce.core;
    requires io.netty.common;
    requires io.netty.transport;
    requires org.slf4j;

    exports io.zapsocket.redis;
}
