package io.zapsocket.redis.internal;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletableFuture;

/**
 * One Lettuce connection, to a single Redis or to a Redis Cluster: the commands the adapters use (keys, streams,
 * pub/sub publishing) are those both connection kinds have.
 */
public record RedisConn(StatefulConnection<String, byte[]> connection,
                        RedisClusterAsyncCommands<String, byte[]> async) {
    public boolean isOpen() {
        return connection.isOpen();
    }

    public CompletableFuture<Void> closeAsync() {
        return connection.closeAsync();
    }
}
