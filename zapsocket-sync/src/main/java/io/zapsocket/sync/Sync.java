package io.zapsocket.sync;

import io.zapsocket.server.Namespace;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.sync.internal.DefaultSync;
import io.zapsocket.sync.store.SyncStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The sync layer of one namespace: stream rooms (ordered, bounded history, gap fill, resume) and presence.
 * {@link #attach} installs the {@code sync:*} and {@code presence:*} event handlers (wire format:
 * {@code docs/sync.md}) on every socket that connects to the namespace from then on.
 *
 * <pre>{@code
 * Sync sync = Sync.attach(server, SyncStores.inMemory(), SyncOptions.builder()
 *         .streamRooms(Pattern.compile("chat:.*")).build());
 * sync.publish("chat:lobby", Map.of("text", "hello"));
 * }</pre>
 *
 * @since 0.2
 */
public interface Sync {
    /**
     * Attaches the sync layer to {@code namespace}, using {@code store} (one store per node and namespace; on Redis,
     * every node of the cluster uses the same {@link SyncOptions#redisPrefix()}).
     */
    static Sync attach(Namespace namespace, SyncStore store, SyncOptions options) {
        return DefaultSync.attach(namespace, store, options);
    }

    /** The options. */
    SyncOptions options();

    /** Makes {@code room} a stream room on this node (in addition to {@link SyncOptions#streamRooms()}). */
    Sync enableStream(String room);

    /** Whether {@code room} is a stream room on this node. */
    boolean isStream(String room);

    /**
     * Publishes {@code data} (any JSON-serializable value, no binary) into the stream room: the store assigns the next
     * offset and every subscriber on every node receives {@code sync:pub}. Fails with {@link SyncException}
     * ({@link SyncError#NOT_A_STREAM}, {@link SyncError#TOO_LARGE}, {@link SyncError#UNAVAILABLE}).
     */
    CompletableFuture<Publication> publish(String stream, Object data);

    /**
     * Reads up to {@code limit} publications after {@code after} (no bound on {@code limit} for the server API
     * beyond the history size). {@code epoch} may be {@code null}; when given and different from the stream's, the page
     * is empty and not {@link HistoryPage#complete() complete}.
     */
    CompletableFuture<HistoryPage> history(String stream, long after, int limit, String epoch);

    /** Tracks {@code socket} in the presence of {@code room} under {@code key} with {@code meta} (JSON-serializable). */
    CompletableFuture<Void> track(ServerSocket socket, String room, String key, Map<String, ?> meta);

    /** Untracks {@code socket} from the presence of {@code room} (also done when the socket disconnects). */
    CompletableFuture<Void> untrack(ServerSocket socket, String room);

    /** The presence of {@code room}, cluster-wide: one entry per key, ordered by key. */
    CompletableFuture<List<PresenceEntry>> presence(String room);

    /**
     * Sends {@code data} (JSON-serializable, at most {@link SyncOptions#maxDataBytes()}) to {@code user}'s inbox: it
     * is stored (bounded by {@link SyncOptions#maxInboxMessages()}, {@link SyncOptions#maxInboxBytes()},
     * {@link SyncOptions#inboxTtl()}, {@link SyncOptions#inboxOverflow()}) and delivered as {@code inbox:msg} to every
     * socket of the user on every node now, and on each later connection until a socket of the user acknowledges
     * it ({@code inbox:ack}): at-least-once. Fails with {@link SyncException} ({@link SyncError#INBOX_FULL},
     * {@link SyncError#TOO_LARGE}, {@link SyncError#UNAVAILABLE}). Delivery needs {@link SyncOptions#inbox()} on.
     */
    CompletableFuture<InboxMessage> sendToUser(String user, Object data);

    /** Up to {@code limit} unacknowledged messages of {@code user}'s inbox with an id above {@code after}, in order. */
    CompletableFuture<List<InboxMessage>> inbox(String user, long after, int limit);

    /** Acknowledges (removes) every message of {@code user}'s inbox up to id {@code upTo}; returns how many. */
    CompletableFuture<Integer> acknowledge(String user, long upTo);

    /** Stops handling new sockets and closes the store (this node's presence members leave). */
    CompletableFuture<Void> close();
}
