package io.zapsocket.sync.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Where stream histories and presence sets live: in memory for one node, in Redis for a cluster
 * ({@link io.zapsocket.sync.SyncStores}). Thread-safe; futures may complete on any thread.
 *
 * @since 0.2
 */
public interface SyncStore {
    /**
     * Appends a publication: assigns the stream's next offset atomically (one total order across all nodes),
     * trims the history to {@code maxCount} entries and {@code maxAge}, and tells every node's listener.
     */
    CompletableFuture<StoredEntry> append(String stream, String json, int maxCount, Duration maxAge);

    /**
     * Reads a stream: its epoch, last offset, first retained offset, and up to {@code limit} entries with an offset
     * greater than {@code after}; when {@code after < 0}, the last {@code limit} entries. Expired entries (older than
     * {@code maxAge}) are not returned.
     */
    CompletableFuture<StreamRead> read(String stream, long after, int limit, Duration maxAge);

    /** Tracks (or re-tracks, replacing the meta of) a socket in a presence room. */
    CompletableFuture<Void> track(String room, PresenceRecord record);

    /** Untracks a socket from a presence room; nothing happens when it is not tracked. */
    CompletableFuture<Void> untrack(String room, String ref);

    /** A presence room's members and version. */
    CompletableFuture<PresenceSnapshot> presence(String room);

    /** Sets the listener of this node (one per store). */
    void listen(StoreListener listener);

    /** Untracks this node's sockets and releases the store's resources. */
    CompletableFuture<Void> close();
}
