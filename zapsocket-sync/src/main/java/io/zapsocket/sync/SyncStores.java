package io.zapsocket.sync;

import io.zapsocket.sync.internal.InMemoryStore;
import io.zapsocket.sync.internal.RedisStore;
import io.zapsocket.sync.store.SyncStore;

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
}
