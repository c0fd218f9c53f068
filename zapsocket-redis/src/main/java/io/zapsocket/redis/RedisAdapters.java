package io.zapsocket.redis;

/**
 * Entry points of the Redis adapters:
 *
 * <pre>{@code
 * RedisAdapterFactory redis = RedisAdapters.streams(RedisAdapterOptions.builder("redis://127.0.0.1:6379").build());
 * SocketServer io = SocketServer.create(ServerOptions.builder()
 *         .adapter(redis)
 *         .connectionStateRecovery(RecoveryOptions.DEFAULT)
 *         .build());
 * ...
 * io.close().join();
 * redis.close();
 * }</pre>
 *
 * <p>Each of the three also runs on a Redis Cluster: build the options with
 * {@link RedisAdapterOptions#clusterBuilder(String...)}. On a cluster prefer {@link #sharded}: each room's channel
 * lives on the master of its slot, so traffic spreads over the shards.
 *
 * @since 0.2
 */
public final class RedisAdapters {
    private RedisAdapters() {
    }

    /**
     * Classic pub/sub, wire-compatible with {@code @socket.io/redis-adapter} 8.3 ({@code createAdapter}). At-most-once:
     * what is published while a node is disconnected from Redis does not reach it; no connection state recovery.
     */
    public static RedisAdapterFactory pubSub(RedisAdapterOptions options) {
        return new RedisAdapterFactory(RedisAdapterFactory.Kind.PUB_SUB, options);
    }

    /** Sharded pub/sub (Redis 7+), wire-compatible with {@code createShardedAdapter} of the same package. */
    public static RedisAdapterFactory sharded(RedisAdapterOptions options) {
        return new RedisAdapterFactory(RedisAdapterFactory.Kind.SHARDED, options);
    }

    /**
     * Redis Streams (Redis 6.2+), wire-compatible with {@code @socket.io/redis-streams-adapter} 0.3: broadcasts survive
     * a node's or Redis's reconnection (read again from the last entry), and connection state recovery works across
     * nodes.
     */
    public static RedisAdapterFactory streams(RedisAdapterOptions options) {
        return new RedisAdapterFactory(RedisAdapterFactory.Kind.STREAMS, options);
    }
}
