package io.zapsocket.sync.internal;

import io.zapsocket.protocol.json.Json;
import io.zapsocket.server.Namespace;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.sync.HistoryPage;
import io.zapsocket.sync.InboxMessage;
import io.zapsocket.sync.InboxOverflow;
import io.zapsocket.sync.PresenceEntry;
import io.zapsocket.sync.Publication;
import io.zapsocket.sync.Sync;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import io.zapsocket.sync.SyncOptions;
import io.zapsocket.sync.store.InboxEntry;
import io.zapsocket.sync.store.InboxLimits;
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

    final Namespace namespace;
    final SyncStore store;
    final SyncOptions options;
    final Fanout streams;
    final Fanout presenceDiffs;
    final Fanout inboxes;
    private final Set<String> enabled = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, SocketState> sockets = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** What one socket subscribed to and tracks (for unsubscribe and disconnect). */
    static final class SocketState {
        final Set<String> streams = ConcurrentHashMap.newKeySet();
        final Set<String> presenceSubscriptions = ConcurrentHashMap.newKeySet();
        final Set<String> tracked = ConcurrentHashMap.newKeySet();
        volatile String inboxUser;
    }

    private DefaultSync(Namespace namespace, SyncStore store, SyncOptions options) {
        this.namespace = namespace;
        this.store = store;
        this.options = options;
        this.streams = new Fanout(namespace.local(), STREAM_ROOM_PREFIX, "sync:pub", options.historySize());
        this.presenceDiffs = new Fanout(namespace.local(), PRESENCE_ROOM_PREFIX, "presence:diff",
                options.historySize());
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
        namespace.onConnection(socket -> {
            if (!sync.closed) {
                sync.state(socket);
                streamHandlers.install(socket);
                presenceHandlers.install(socket);
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
        presenceDiffs.deliver(change.room(), change.version(), null, Payloads.diff(change));
    }

    @Override
    public void onInbox(InboxEntry entry) {
        inboxes.deliver(entry.user(), entry.id(), null, Payloads.inbox(entry));
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
        return store.append(stream, json, options.historySize(), options.historyTtl());
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
                .thenApply(r -> page(r, after, epoch));
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
            return store.inboxAppend(user, json, inboxLimits()).thenApply(DefaultSync::message);
        } catch (SyncException e) {
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
    public CompletableFuture<Void> close() {
        closed = true;
        return store.close();
    }
}
