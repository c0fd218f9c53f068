package io.zapsocket.sync;

import io.zapsocket.sync.internal.InMemoryStore;
import io.zapsocket.sync.internal.RedisStore;
import io.zapsocket.sync.store.SyncStore;
import java.util.List;

/**
 * The built-in {@link SyncStore}s.
 *
 * @since 0.2
 */
public final class SyncStores {
    private SyncStores() {
    }

    /**
     * A store for one node: histories and presence in this JVM's memory. The epoch of a stream is new on every start
     * (history does not survive a restart, and subscribers that resume are told to resync).
     */
    public static SyncStore inMemory() {
        return new InMemoryStore();
    }

    /**
     * A cluster-wide store on Redis ({@code redis://host:port}, standalone Redis 6.2 or newer): offsets are assigned
     * by a Lua script (one total order per stream), history lives in a Redis Stream per room, presence in a hash per
     * room, and changes reach every node over pub/sub. Nodes heartbeat every {@link SyncOptions#heartbeatInterval()};
     * the presence members of a node silent for {@link SyncOptions#nodeTimeout()} are removed everywhere. Waits until
     * connected (at most {@link SyncOptions#storeTimeout()}).
     *
     * @throws SyncException ({@link SyncError#UNAVAILABLE}) when Redis cannot be reached
     */
    public static SyncStore redis(String uri, SyncOptions options) {
        return RedisStore.connect(uri, options);
    }

    /**
     * As {@link #redis(String, SyncOptions)} on a Redis Cluster (7.0 or newer), found from {@code seedUris} (some of
     * its nodes, {@code redis://host:port}). Each stream, inbox, map and presence room lives in one slot (hash tag
     * {@code {s:<stream>}}, {@code {i:<user>}}, {@code {m:<map>}}, {@code {p:<room>}}); node heartbeats in the slot of
     * {@code {n}}. Replication to replicas is asynchronous: writes acknowledged by a master that dies before its replica
     * got them are lost on failover (see docs/sync.md).
     *
     * @throws IllegalArgumentException when {@code seedUris} is empty
     * @throws SyncException ({@link SyncError#UNAVAILABLE}) when the cluster cannot be reached
     * @since 0.3
     */
    public static SyncStore redisCluster(List<String> seedUris, SyncOptions options) {
        return RedisStore.connectCluster(seedUris, options);
    }
}
