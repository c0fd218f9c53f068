package io.zapsocket.sync.internal;

import io.zapsocket.sync.store.PresenceChange;
import io.zapsocket.sync.store.PresenceRecord;
import io.zapsocket.sync.store.PresenceSnapshot;
import io.zapsocket.sync.store.StoreListener;
import io.zapsocket.sync.store.StoredEntry;
import io.zapsocket.sync.store.StreamRead;
import io.zapsocket.sync.store.SyncStore;
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
    private StoreListener listener;

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
