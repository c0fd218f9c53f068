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

    /**
     * Appends a message to {@code user}'s inbox: drops the expired ones, applies the bounds of {@code limits} (a full
     * inbox refuses with {@link io.zapsocket.sync.SyncError#INBOX_FULL}, or drops its oldest), assigns the next id,
     * and tells every node's listener ({@link StoreListener#onInbox}). The default has no inbox: it fails with
     * {@link io.zapsocket.sync.SyncError#UNAVAILABLE}.
     */
    default CompletableFuture<InboxEntry> inboxAppend(String user, String json, InboxLimits limits) {
        return noInbox();
    }

    /** Reads up to {@code limit} unacknowledged, unexpired messages of {@code user}'s inbox with an id above {@code after}. */
    default CompletableFuture<InboxRead> inboxRead(String user, long after, int limit, Duration ttl) {
        return noInbox();
    }

    /**
     * Acknowledges messages of {@code user}'s inbox: those whose id is in {@code ids}, and every one up to
     * {@code upTo} (0: none); they are removed. Returns how many were removed.
     */
    default CompletableFuture<Integer> inboxAck(String user, java.util.List<Long> ids, long upTo) {
        return noInbox();
    }

    /**
     * Writes a replicated map entry atomically (one order across nodes): last-writer-wins by stamp, or compare-and-set
     * by version ({@link MapWrite}). Applied: returns the new entry with the map's next {@code seq} and tells every
     * node's listener ({@link StoreListener#onMap}). Not applied (an older stamp): returns the current entry with
     * {@code seq} 0. Fails with {@link io.zapsocket.sync.SyncError#CONFLICT} (version) or
     * {@link io.zapsocket.sync.SyncError#LIMIT_EXCEEDED} (keys). The default has no maps.
     */
    default CompletableFuture<MapChange> mapWrite(String map, MapWrite write) {
        return noInbox();
    }

    /** A map's live entries and change sequence, collecting tombstones older than {@code tombstoneCutoff}. */
    default CompletableFuture<MapRead> mapRead(String map, String tombstoneCutoff) {
        return noInbox();
    }

    /**
     * Whether idempotency keys live in this store, shared by every node ({@link #idempotencyClaim}); when not (the
     * default, and the in-memory store), each node keeps its own window in memory.
     *
     * @since 0.3
     */
    default boolean sharesIdempotency() {
        return false;
    }

    /**
     * Claims {@code key} for the emit {@code token}: when no emit holds it, this one does now ({@code claimed}), for at
     * most {@code pendingTimeout} unless answered; when another emit's answer is stored, returns it; while another emit
     * holds it unanswered, waits (the future completes later) until its answer is stored or its claim ends.
     *
     * @since 0.3
     */
    default CompletableFuture<IdempotencyClaim> idempotencyClaim(String key, String token, Duration pendingTimeout) {
        return noInbox();
    }

    /**
     * Stores the first answer of {@code key} ({@code answerJson} {@code null}: answered, the answer not kept) for
     * {@code window}; later claims of the key get it.
     *
     * @since 0.3
     */
    default CompletableFuture<Void> idempotencyAnswer(String key, String answerJson, Duration window) {
        return noInbox();
    }

    /** Ends the claim of {@code token} on {@code key} without an answer (the handler failed). @since 0.3 */
    default CompletableFuture<Void> idempotencyRelease(String key, String token) {
        return noInbox();
    }

    private static <T> CompletableFuture<T> noInbox() {
        return CompletableFuture.failedFuture(new io.zapsocket.sync.SyncException(
                io.zapsocket.sync.SyncError.UNAVAILABLE, "this sync store has no inboxes or maps"));
    }

    /** Sets the listener of this node (one per store). */
    void listen(StoreListener listener);

    /** Untracks this node's sockets and releases the store's resources. */
    CompletableFuture<Void> close();
}
