package io.zapsocket.sync.internal;

import io.zapsocket.protocol.json.Json;
import io.zapsocket.server.Namespace;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.sync.HistoryPage;
import io.zapsocket.sync.InboxMessage;
import io.zapsocket.sync.InboxOverflow;
import io.zapsocket.sync.PresenceEntry;
import io.zapsocket.sync.Publication;
import io.zapsocket.sync.SocketEventHandler;
import io.zapsocket.sync.SyncMapEntry;
import io.zapsocket.sync.Sync;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import io.zapsocket.sync.SyncOptions;
import io.zapsocket.sync.store.InboxEntry;
import io.zapsocket.sync.store.InboxLimits;
import io.zapsocket.sync.store.MapChange;
import io.zapsocket.sync.store.MapWrite;
import io.zapsocket.sync.store.PresenceChange;
import io.zapsocket.sync.store.PresenceRecord;
import io.zapsocket.sync.store.StoreListener;
import io.zapsocket.sync.store.StoredEntry;
import io.zapsocket.sync.store.StreamRead;
import io.zapsocket.sync.store.SyncStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Sync} on a namespace: the API, the store listener, and the per-socket state. */
public final class DefaultSync implements Sync, StoreListener {
    static final String STREAM_ROOM_PREFIX = "zs:stream:";
    static final String PRESENCE_ROOM_PREFIX = "zs:presence:";
    static final String INBOX_ROOM_PREFIX = "zs:inbox:";
    static final String MAP_ROOM_PREFIX = "zs:map:";

    final Namespace namespace;
    final SyncStore store;
    final SyncOptions options;
    final Fanout streams;
    final Fanout presenceDiffs;
    final Fanout inboxes;
    final Fanout maps;
    /** Presence diffs and map changes are sent from one thread, in store order. */
    private final OrderedDelivery ordered = new OrderedDelivery();
    final Hlc clock;
    private final Set<String> enabled = ConcurrentHashMap.newKeySet();
    final IdempotencyWindow idempotency;
    final SyncCounters counters = new SyncCounters();
    private TypingHandlers typing;
    private final List<Map.Entry<String, SocketEventHandler>> idempotent =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, SocketState> sockets = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** What one socket subscribed to and tracks (for unsubscribe and disconnect). */
    static final class SocketState {
        final Set<String> streams = ConcurrentHashMap.newKeySet();
        final Set<String> presenceSubscriptions = ConcurrentHashMap.newKeySet();
        final Set<String> tracked = ConcurrentHashMap.newKeySet();
        volatile String inboxUser;
        final Set<String> maps = ConcurrentHashMap.newKeySet();
    }

    private DefaultSync(Namespace namespace, SyncStore store, SyncOptions options) {
        this.namespace = namespace;
        this.store = store;
        this.options = options;
        this.streams = new Fanout(namespace.local(), STREAM_ROOM_PREFIX, "sync:pub", options.historySize());
        this.presenceDiffs = new Fanout(namespace.local(), PRESENCE_ROOM_PREFIX, "presence:diff",
                options.historySize());
        this.idempotency = new IdempotencyWindow(options.maxIdempotencyKeys(),
                options.idempotencyWindow().toNanos(), SyncOptions.MAX_IDEMPOTENCY_KEY_LENGTH, options.inboxUser(),
                store, options.idempotencyPendingTimeout(), options.maxDataBytes());
        this.clock = new Hlc(Ids.node());
        this.maps = new Fanout(namespace.local(), MAP_ROOM_PREFIX, MapHandlers.EVENT, options.maxMapKeys());
        this.inboxes = new Fanout(namespace.local(), INBOX_ROOM_PREFIX, InboxHandlers.EVENT,
                options.maxInboxMessages());
    }

    public static Sync attach(Namespace namespace, SyncStore store, SyncOptions options) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(options, "options");
        DefaultSync sync = new DefaultSync(namespace, store, options);
        store.listen(sync);
        StreamHandlers streamHandlers = new StreamHandlers(sync);
        PresenceHandlers presenceHandlers = new PresenceHandlers(sync);
        InboxHandlers inboxHandlers = options.inbox() ? new InboxHandlers(sync) : null;
        TypingHandlers typingHandlers = new TypingHandlers(sync);
        MapHandlers mapHandlers = new MapHandlers(sync);
        sync.typing = typingHandlers;
        namespace.onConnection(socket -> {
            if (!sync.closed) {
                sync.state(socket);
                socket.use(sync.idempotency.middleware());
                for (Map.Entry<String, SocketEventHandler> e : sync.idempotent) {
                    socket.on(e.getKey(), sync.idempotency.wrap(socket, e.getKey(), e.getValue()));
                }
                streamHandlers.install(socket);
                presenceHandlers.install(socket);
                typingHandlers.install(socket);
                mapHandlers.install(socket);
                if (inboxHandlers != null) {
                    inboxHandlers.install(socket);
                }
            }
        });
        return sync;
    }

    SocketState state(ServerSocket socket) {
        SocketState existing = sockets.get(socket.id());
        if (existing != null) {
            return existing;
        }
        SocketState created = new SocketState();
        SocketState raced = sockets.putIfAbsent(socket.id(), created);
        if (raced != null) {
            return raced;
        }
        socket.onDisconnect((reason, description) -> cleanUp(socket));
        if (!socket.connected()) {
            cleanUp(socket);
        }
        return created;
    }

    private void cleanUp(ServerSocket socket) {
        SocketState st = sockets.remove(socket.id());
        if (st == null) {
            return;
        }
        st.streams.forEach(name -> streams.release(name, socket));
        st.presenceSubscriptions.forEach(room -> presenceDiffs.release(room, socket));
        st.tracked.forEach(room -> store.untrack(room, socket.id()));
        st.maps.forEach(map -> maps.release(map, socket));
        String user = st.inboxUser;
        if (user != null) {
            inboxes.release(user, socket);
        }
    }

    // ---------------------------------------------------------------- store listener

    @Override
    public void onEntry(StoredEntry entry) {
        streams.deliver(entry.stream(), entry.offset(), entry.epoch(), Payloads.publication(entry));
    }

    @Override
    public void onPresence(PresenceChange change) {
        ordered.submit("a presence diff", () -> presenceDiffs.deliver(change.room(), change.version(), null,
                Payloads.diff(change)));
    }

    @Override
    public void onInbox(InboxEntry entry) {
        counters.inboxDelivered.add(inboxes.deliver(entry.user(), entry.id(), null, Payloads.inbox(entry)));
    }

    @Override
    public void onMap(MapChange change) {
        clock.observe(change.stamp());
        ordered.submit("a map change", () -> maps.deliver(change.map(), change.seq(), null,
                MapHandlers.change(change)));
    }

    // ---------------------------------------------------------------- API

    @Override
    public SyncOptions options() {
        return options;
    }

    @Override
    public Sync enableStream(String room) {
        enabled.add(Objects.requireNonNull(room, "room"));
        return this;
    }

    @Override
    public boolean isStream(String room) {
        return enabled.contains(room)
                || (options.streamRooms() != null && options.streamRooms().matcher(room).matches());
    }

    void requireStream(String room) {
        if (!isStream(room)) {
            throw new SyncException(SyncError.NOT_A_STREAM, "'" + room + "' is not a stream room");
        }
    }

    @Override
    public CompletableFuture<Publication> publish(String stream, Object data) {
        try {
            requireStream(stream);
            String json = Requests.json(data, options.maxDataBytes(), "data");
            return append(stream, json).thenApply(DefaultSync::publication);
        } catch (SyncException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    CompletableFuture<StoredEntry> append(String stream, String json) {
        return store.append(stream, json, options.historySize(), options.historyTtl()).whenComplete((e, err) -> {
            if (err == null) {
                counters.publishes.increment();
            }
        });
    }

    @Override
    public io.zapsocket.sync.SyncStats stats() {
        int members = 0;
        for (SocketState st : sockets.values()) {
            members += st.tracked.size();
        }
        return new io.zapsocket.sync.SyncStats(counters.publishes.sum(), counters.resumesRecovered.sum(),
                counters.resumesResynced.sum(), counters.historyPages.sum(), members, counters.inboxStored.sum(),
                counters.inboxRefused.sum(), counters.inboxDelivered.sum(), idempotency.replays());
    }

    static Publication publication(StoredEntry e) {
        return new Publication(e.stream(), e.offset(), e.epoch(), e.time(), Json.parse(e.json()));
    }

    @Override
    public CompletableFuture<HistoryPage> history(String stream, long after, int limit, String epoch) {
        if (after < 0 || limit < 1) {
            return CompletableFuture.failedFuture(Requests.bad("after must be >= 0 and limit >= 1"));
        }
        try {
            requireStream(stream);
        } catch (SyncException e) {
            return CompletableFuture.failedFuture(e);
        }
        return store.read(stream, after, Math.min(limit, options.historySize()), options.historyTtl())
                .thenApply(r -> {
                    HistoryPage p = page(r, after, epoch);
                    counters.historyPages.increment();
                    return p;
                });
    }

    static HistoryPage page(StreamRead r, long after, String epoch) {
        if (epoch != null && !epoch.equals(r.epoch())) {
            return new HistoryPage(r.stream(), r.epoch(), r.top(), List.of(), false);
        }
        if (after > r.top()) {
            throw new SyncException(SyncError.OFFSET_IN_FUTURE,
                    "offset " + after + " is beyond the stream's last offset " + r.top());
        }
        List<Publication> out = new ArrayList<>(r.entries().size());
        r.entries().forEach(e -> out.add(publication(e)));
        return new HistoryPage(r.stream(), r.epoch(), r.top(), out, after >= r.top() || after + 1 >= r.first());
    }

    @Override
    public CompletableFuture<Void> track(ServerSocket socket, String room, String key, Map<String, ?> meta) {
        try {
            String json = Requests.json(meta == null ? Map.of() : meta, options.maxMetaBytes(), "meta");
            return track(socket, room, Objects.requireNonNull(key, "key"), json);
        } catch (SyncException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    CompletableFuture<Void> track(ServerSocket socket, String room, String key, String metaJson) {
        state(socket).tracked.add(room);
        return store.track(room, new PresenceRecord(socket.id(), key, metaJson)).thenCompose(v -> {
            if (!socket.connected() || !state(socket).tracked.contains(room)) {
                return store.untrack(room, socket.id()); // disconnected (or untracked) meanwhile
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public CompletableFuture<Void> untrack(ServerSocket socket, String room) {
        SocketState st = sockets.get(socket.id());
        if (st != null) {
            st.tracked.remove(room);
        }
        return store.untrack(room, socket.id());
    }

    @Override
    public CompletableFuture<List<PresenceEntry>> presence(String room) {
        return store.presence(room).thenApply(s -> entries(s.members()));
    }

    static List<PresenceEntry> entries(List<PresenceRecord> members) {
        Map<String, List<PresenceEntry.Meta>> byKey = new TreeMap<>();
        for (PresenceRecord r : members) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(new PresenceEntry.Meta(r.ref(), meta(r)));
        }
        List<PresenceEntry> out = new ArrayList<>(byKey.size());
        byKey.forEach((k, metas) -> {
            metas.sort((a, b) -> a.ref().compareTo(b.ref()));
            out.add(new PresenceEntry(k, metas));
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> meta(PresenceRecord r) {
        Object m = Json.parse(r.metaJson());
        return m instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
    }

    @Override
    public CompletableFuture<InboxMessage> sendToUser(String user, Object data) {
        try {
            Objects.requireNonNull(user, "user");
            String json = Requests.json(data, options.maxDataBytes(), "data");
            return store.inboxAppend(user, json, inboxLimits()).whenComplete((e, err) -> {
                if (err == null) {
                    counters.inboxStored.increment();
                } else if (Requests.unwrap(err) instanceof SyncException se && se.error() == SyncError.INBOX_FULL) {
                    counters.inboxRefused.increment();
                }
            }).thenApply(DefaultSync::message);
        } catch (SyncException e) {
            counters.inboxRefused.increment(); // too large
            return CompletableFuture.failedFuture(e);
        }
    }

    InboxLimits inboxLimits() {
        return new InboxLimits(options.maxInboxMessages(), options.maxInboxBytes(), options.inboxTtl(),
                options.inboxOverflow() == InboxOverflow.DROP_OLDEST);
    }

    static InboxMessage message(InboxEntry e) {
        return new InboxMessage(e.user(), e.id(), e.time(), Json.parse(e.json()));
    }

    @Override
    public CompletableFuture<List<InboxMessage>> inbox(String user, long after, int limit) {
        if (after < 0 || limit < 1) {
            return CompletableFuture.failedFuture(Requests.bad("after must be >= 0 and limit >= 1"));
        }
        return store.inboxRead(Objects.requireNonNull(user, "user"), after,
                Math.min(limit, options.maxInboxMessages()), options.inboxTtl())
                .thenApply(r -> r.entries().stream().map(DefaultSync::message).toList());
    }

    @Override
    public CompletableFuture<Integer> acknowledge(String user, long upTo) {
        return store.inboxAck(Objects.requireNonNull(user, "user"), List.of(), upTo);
    }

    @Override
    public Sync onIdempotent(String event, SocketEventHandler handler) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(handler, "handler");
        idempotency.declare(event);
        idempotent.add(Map.entry(event, handler));
        return this;
    }

    @Override
    public void typing(ServerSocket socket, String room, boolean typing) {
        this.typing.set(Objects.requireNonNull(socket, "socket"), Objects.requireNonNull(room, "room"), typing);
    }

    boolean isCasMap(String map) {
        return options.casMaps() != null && options.casMaps().matcher(map).matches();
    }

    void requireMap(String map) {
        if (!isCasMap(map) && (options.lwwMaps() == null || !options.lwwMaps().matcher(map).matches())) {
            throw new SyncException(SyncError.NOT_A_MAP, "'" + map + "' is not a replicated map");
        }
    }

    String tombstoneCutoff() {
        return Hlc.format(System.currentTimeMillis() - options.tombstoneTtl().toMillis(), 0, "");
    }

    CompletableFuture<MapChange> write(String map, String key, String json, long expectedVersion) {
        return store.mapWrite(map, new MapWrite(key, json, clock.now(), expectedVersion, options.maxMapKeys(),
                tombstoneCutoff()));
    }

    static Object value(MapChange c) {
        return c.json() == null ? null : Json.parse(c.json());
    }

    static SyncMapEntry entry(MapChange c) {
        return new SyncMapEntry(c.map(), c.key(), value(c), c.stamp(), c.version());
    }

    @Override
    public CompletableFuture<SyncMapEntry> mapSet(String map, String key, Object value) {
        return mapWrite(map, key, value, false, -1);
    }

    @Override
    public CompletableFuture<SyncMapEntry> mapDelete(String map, String key) {
        return mapWrite(map, key, null, true, -1);
    }

    @Override
    public CompletableFuture<SyncMapEntry> mapCompareAndSet(String map, String key, long expectedVersion,
            Object value) {
        if (expectedVersion < 0) {
            return CompletableFuture.failedFuture(Requests.bad("expectedVersion must be >= 0"));
        }
        return mapWrite(map, key, value, value == null, expectedVersion);
    }

    private CompletableFuture<SyncMapEntry> mapWrite(String map, String key, Object value, boolean delete,
            long expectedVersion) {
        try {
            requireMap(map);
            Objects.requireNonNull(key, "key");
            if (isCasMap(map) != expectedVersion >= 0) {
                throw Requests.bad(isCasMap(map) ? "'" + map + "' is a compare-and-set map: use mapCompareAndSet"
                        : "'" + map + "' is a last-writer-wins map: use mapSet/mapDelete");
            }
            String json = delete ? null : Requests.json(value, options.maxDataBytes(), "value");
            return write(map, key, json, expectedVersion).thenApply(DefaultSync::entry);
        } catch (SyncException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<List<SyncMapEntry>> mapEntries(String map) {
        try {
            requireMap(map);
        } catch (SyncException e) {
            return CompletableFuture.failedFuture(e);
        }
        return store.mapRead(map, tombstoneCutoff())
                .thenApply(r -> r.entries().stream().map(DefaultSync::entry).toList());
    }

    @Override
    public CompletableFuture<Void> close() {
        closed = true;
        typing.close();
        idempotency.close();
        return store.close().whenComplete((v, e) -> ordered.close());
    }
}
