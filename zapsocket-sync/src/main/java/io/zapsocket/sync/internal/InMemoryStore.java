package io.zapsocket.sync.internal;

import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import io.zapsocket.sync.store.InboxEntry;
import io.zapsocket.sync.store.InboxLimits;
import io.zapsocket.sync.store.InboxRead;
import io.zapsocket.sync.store.MapChange;
import io.zapsocket.sync.store.MapRead;
import io.zapsocket.sync.store.MapWrite;
import io.zapsocket.sync.store.PresenceChange;
import io.zapsocket.sync.store.PresenceRecord;
import io.zapsocket.sync.store.PresenceSnapshot;
import io.zapsocket.sync.store.StoreListener;
import io.zapsocket.sync.store.StoredEntry;
import io.zapsocket.sync.store.StreamRead;
import io.zapsocket.sync.store.SyncStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The one-node store: everything under one monitor, so that offsets are a total order and the listener hears
 * changes in that order (it is called under the monitor; it only enqueues writes).
 */
public final class InMemoryStore implements SyncStore {
    private final Map<String, Stream> streams = new HashMap<>();
    private final Map<String, Room> rooms = new HashMap<>();
    private final Map<String, Inbox> inboxes = new HashMap<>();
    private final Map<String, MapState> maps = new HashMap<>();
    private StoreListener listener;

    private static final class MapState {
        final Map<String, MapChange> entries = new LinkedHashMap<>();
        long seq;
    }

    private static final class Inbox {
        final ArrayDeque<InboxEntry> entries = new ArrayDeque<>();
        long top;
        long bytes;

        void removeFirst() {
            bytes -= utf8(entries.removeFirst().json());
        }
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static final class Stream {
        final String epoch = Ids.epoch();
        final ArrayDeque<StoredEntry> entries = new ArrayDeque<>();
        long top;
    }

    private static final class Room {
        final Map<String, PresenceRecord> members = new LinkedHashMap<>();
        long version;
    }

    @Override
    public synchronized CompletableFuture<StoredEntry> append(String stream, String json, int maxCount,
            Duration maxAge) {
        Stream s = streams.computeIfAbsent(stream, k -> new Stream());
        long now = System.currentTimeMillis();
        StoredEntry e = new StoredEntry(stream, ++s.top, s.epoch, now, json);
        s.entries.addLast(e);
        while (s.entries.size() > maxCount) {
            s.entries.removeFirst();
        }
        expire(s, now, maxAge);
        if (listener != null) {
            listener.onEntry(e);
        }
        return CompletableFuture.completedFuture(e);
    }

    @Override
    public synchronized CompletableFuture<StreamRead> read(String stream, long after, int limit, Duration maxAge) {
        Stream s = streams.computeIfAbsent(stream, k -> new Stream());
        expire(s, System.currentTimeMillis(), maxAge);
        long first = s.entries.isEmpty() ? s.top + 1 : s.entries.peekFirst().offset();
        List<StoredEntry> out = new ArrayList<>();
        if (limit > 0) {
            long from = after < 0 ? Math.max(s.top - limit, 0) : after;
            for (StoredEntry e : s.entries) {
                if (e.offset() > from && out.size() < limit) {
                    out.add(e);
                }
            }
        }
        return CompletableFuture.completedFuture(new StreamRead(stream, s.epoch, s.top, first, out));
    }

    @Override
    public synchronized CompletableFuture<InboxEntry> inboxAppend(String user, String json, InboxLimits limits) {
        Inbox box = inboxes.computeIfAbsent(user, k -> new Inbox());
        long now = System.currentTimeMillis();
        expire(box, now, limits.ttl());
        int size = utf8(json);
        if (size > limits.maxBytes()) {
            return CompletableFuture.failedFuture(new SyncException(SyncError.TOO_LARGE,
                    "the message is larger than the inbox (" + limits.maxBytes() + " bytes)"));
        }
        while (box.entries.size() + 1 > limits.maxMessages() || box.bytes + size > limits.maxBytes()) {
            if (!limits.dropOldest()) {
                return CompletableFuture.failedFuture(new SyncException(SyncError.INBOX_FULL,
                        "the inbox of '" + user + "' is full"));
            }
            box.removeFirst();
        }
        InboxEntry e = new InboxEntry(user, ++box.top, now, json);
        box.entries.addLast(e);
        box.bytes += size;
        if (listener != null) {
            listener.onInbox(e);
        }
        return CompletableFuture.completedFuture(e);
    }

    @Override
    public synchronized CompletableFuture<InboxRead> inboxRead(String user, long after, int limit, Duration ttl) {
        Inbox box = inboxes.get(user);
        if (box == null) {
            return CompletableFuture.completedFuture(new InboxRead(user, 0, List.of()));
        }
        expire(box, System.currentTimeMillis(), ttl);
        List<InboxEntry> out = new ArrayList<>();
        for (InboxEntry e : box.entries) {
            if (e.id() > after && out.size() < limit) {
                out.add(e);
            }
        }
        return CompletableFuture.completedFuture(new InboxRead(user, box.top, out));
    }

    @Override
    public synchronized CompletableFuture<Integer> inboxAck(String user, List<Long> ids, long upTo) {
        Inbox box = inboxes.get(user);
        int removed = 0;
        if (box != null) {
            java.util.Set<Long> set = new java.util.HashSet<>(ids);
            for (Iterator<InboxEntry> it = box.entries.iterator(); it.hasNext(); ) {
                InboxEntry e = it.next();
                if (e.id() <= upTo || set.contains(e.id())) {
                    it.remove();
                    box.bytes -= utf8(e.json());
                    removed++;
                }
            }
            if (box.entries.isEmpty()) {
                box.bytes = 0; // the counter stays (ids keep increasing) while the map holds the inbox
            }
        }
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public synchronized CompletableFuture<MapChange> mapWrite(String map, MapWrite w) {
        MapState m = maps.computeIfAbsent(map, k -> new MapState());
        MapChange cur = m.entries.get(w.key());
        long version = cur == null ? 0 : cur.version();
        if (w.expectedVersion() < 0) {
            if (cur != null && cur.stamp().compareTo(w.stamp()) >= 0) {
                return CompletableFuture.completedFuture(new MapChange(map, 0, w.key(), cur.json(), cur.stamp(),
                        version)); // an older write loses, whatever the arrival order
            }
        } else if (w.expectedVersion() != version) {
            return CompletableFuture.failedFuture(new SyncException(SyncError.CONFLICT, "'" + w.key()
                    + "' is at version " + version + ", not " + w.expectedVersion()));
        }
        if (cur == null && m.entries.size() >= w.maxKeys()) {
            collect(m, w.tombstoneCutoff());
            if (m.entries.size() >= w.maxKeys()) {
                return CompletableFuture.failedFuture(new SyncException(SyncError.LIMIT_EXCEEDED,
                        "the map '" + map + "' holds " + w.maxKeys() + " keys"));
            }
        }
        MapChange c = new MapChange(map, ++m.seq, w.key(), w.json(), w.stamp(), version + 1);
        m.entries.put(w.key(), c);
        if (listener != null) {
            listener.onMap(c);
        }
        return CompletableFuture.completedFuture(c);
    }

    @Override
    public synchronized CompletableFuture<MapRead> mapRead(String map, String tombstoneCutoff) {
        MapState m = maps.get(map);
        if (m == null) {
            return CompletableFuture.completedFuture(new MapRead(map, 0, List.of()));
        }
        collect(m, tombstoneCutoff);
        List<MapChange> live = new ArrayList<>();
        for (MapChange c : m.entries.values()) {
            if (!c.deleted()) {
                live.add(c);
            }
        }
        return CompletableFuture.completedFuture(new MapRead(map, m.seq, live));
    }

    private static void collect(MapState m, String cutoff) {
        m.entries.values().removeIf(c -> c.deleted() && c.stamp().compareTo(cutoff) < 0);
    }

    private static void expire(Inbox box, long now, Duration ttl) {
        long cutoff = now - ttl.toMillis();
        while (!box.entries.isEmpty() && box.entries.peekFirst().time() < cutoff) {
            box.removeFirst();
        }
    }

    private static void expire(Stream s, long now, Duration maxAge) {
        long cutoff = now - maxAge.toMillis();
        for (Iterator<StoredEntry> it = s.entries.iterator(); it.hasNext(); ) {
            if (it.next().time() >= cutoff) {
                break;
            }
            it.remove();
        }
    }

    @Override
    public synchronized CompletableFuture<Void> track(String room, PresenceRecord record) {
        Room r = rooms.computeIfAbsent(room, k -> new Room());
        PresenceRecord old = r.members.put(record.ref(), record);
        r.version++;
        notify(new PresenceChange(room, r.version, List.of(record), old == null ? List.of() : List.of(old)));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> untrack(String room, String ref) {
        Room r = rooms.get(room);
        PresenceRecord old = r == null ? null : r.members.remove(ref);
        if (old != null) {
            r.version++;
            notify(new PresenceChange(room, r.version, List.of(), List.of(old)));
            if (r.members.isEmpty()) {
                // the version must keep growing for subscribers: keep the room object (small) rather than reset it
                r.members.clear();
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private void notify(PresenceChange change) {
        if (listener != null) {
            listener.onPresence(change);
        }
    }

    @Override
    public synchronized CompletableFuture<PresenceSnapshot> presence(String room) {
        Room r = rooms.get(room);
        return CompletableFuture.completedFuture(r == null ? new PresenceSnapshot(room, 0, List.of())
                : new PresenceSnapshot(room, r.version, new ArrayList<>(r.members.values())));
    }

    @Override
    public synchronized void listen(StoreListener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized CompletableFuture<Void> close() {
        streams.clear();
        rooms.clear();
        listener = null;
        return CompletableFuture.completedFuture(null);
    }
}
