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

    /**
     * Registers {@code handler} for {@code event} on every socket that connects from now on, as an idempotent event:
     * an emit that carries an idempotency key (a trailing argument {@code {"zs:idem": "<key>"}}, which the Java
     * client's retries add with {@code ClientOptions.idempotencyKeys}) runs the handler once per key and user within
     * {@link SyncOptions#idempotencyWindow()} (at most {@link SyncOptions#maxIdempotencyKeys()} keys per node in memory);
     * a repeat is answered with the first answer without running the handler again. Emits without a key run it as
     * usual. With a store that shares keys (Redis) the window is cluster-wide: a retry that reaches another node gets
     * the first answer too (docs/sync.md, "Idempotent emits").
     */
    Sync onIdempotent(String event, SocketEventHandler handler);

    /**
     * Marks {@code socket} as typing (or not) in {@code room}, as {@code typing:start}/{@code typing:stop} do: the
     * volatile event {@code typing} {room, key, typing} goes to the room's presence subscribers, throttled
     * ({@link SyncOptions#typingThrottle()}); the state expires after {@link SyncOptions#typingTimeout()}.
     */
    void typing(ServerSocket socket, String room, boolean typing);

    /**
     * Sets {@code key} of the last-writer-wins map {@code map} ({@link SyncOptions#lwwMaps()}): the write is stamped
     * with this node's hybrid logical clock and node id; of concurrent writes, the greatest stamp wins on every node
     * whatever the arrival order. Returns the entry that holds after the write (the current one when an older stamp
     * lost: compare {@link SyncMapEntry#stamp()}). Subscribers get {@code map:change}.
     */
    CompletableFuture<SyncMapEntry> mapSet(String map, String key, Object value);

    /** Deletes {@code key} of a last-writer-wins map (a tombstone, kept {@link SyncOptions#tombstoneTtl()}). */
    CompletableFuture<SyncMapEntry> mapDelete(String map, String key);

    /**
     * Writes {@code key} of the compare-and-set map {@code map} ({@link SyncOptions#casMaps()}) only if its version
     * is {@code expectedVersion} (0: the key does not exist); {@code value} {@code null} deletes. Fails with
     * {@link SyncError#CONFLICT} otherwise.
     */
    CompletableFuture<SyncMapEntry> mapCompareAndSet(String map, String key, long expectedVersion, Object value);

    /** The live entries of a replicated map, ordered by key. */
    CompletableFuture<List<SyncMapEntry>> mapEntries(String map);

    /** This node's figures (counters since {@link #attach}, the presence memberships now). @since 0.3 */
    default SyncStats stats() {
        return SyncStats.EMPTY;
    }

    /** Stops handling new sockets and closes the store (this node's presence members leave). */
    CompletableFuture<Void> close();
}
