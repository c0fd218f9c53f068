package io.zapsocket.sync;

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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * A store whose notifications to this node lose the publications whose offset matches {@code dropped}: a node that
 * missed pub/sub messages (its subscribers see offset jumps and must fill them from the history).
 */
final class DroppingStore implements SyncStore {
    private final SyncStore delegate;
    private final LongPredicate dropped;
    /** When above 0, stream reads complete this much later (they still read at once): a slow store. */
    volatile long readDelayMillis;

    DroppingStore(SyncStore delegate, LongPredicate dropped) {
        this.delegate = delegate;
        this.dropped = dropped;
    }

    SyncStore delegate() {
        return delegate;
    }

    @Override
    public CompletableFuture<StoredEntry> append(String stream, String json, int maxCount, Duration maxAge) {
        return delegate.append(stream, json, maxCount, maxAge);
    }

    @Override
    public CompletableFuture<StreamRead> read(String stream, long after, int limit, Duration maxAge) {
        CompletableFuture<StreamRead> read = delegate.read(stream, after, limit, maxAge);
        long delay = readDelayMillis;
        if (delay <= 0) {
            return read;
        }
        return read.thenApplyAsync(r -> r, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
    }

    @Override
    public CompletableFuture<Void> track(String room, PresenceRecord record) {
        return delegate.track(room, record);
    }

    @Override
    public CompletableFuture<Void> untrack(String room, String ref) {
        return delegate.untrack(room, ref);
    }

    @Override
    public CompletableFuture<PresenceSnapshot> presence(String room) {
        return delegate.presence(room);
    }

    @Override
    public CompletableFuture<InboxEntry> inboxAppend(String user, String json, InboxLimits limits) {
        return delegate.inboxAppend(user, json, limits);
    }

    @Override
    public CompletableFuture<InboxRead> inboxRead(String user, long after, int limit, Duration ttl) {
        return delegate.inboxRead(user, after, limit, ttl);
    }

    @Override
    public CompletableFuture<Integer> inboxAck(String user, java.util.List<Long> ids, long upTo) {
        return delegate.inboxAck(user, ids, upTo);
    }

    @Override
    public CompletableFuture<MapChange> mapWrite(String map, MapWrite write) {
        return delegate.mapWrite(map, write);
    }

    @Override
    public CompletableFuture<MapRead> mapRead(String map, String tombstoneCutoff) {
        return delegate.mapRead(map, tombstoneCutoff);
    }

    @Override
    public void listen(StoreListener listener) {
        delegate.listen(new StoreListener() {
            @Override
            public void onEntry(StoredEntry entry) {
                if (!dropped.test(entry.offset())) {
                    listener.onEntry(entry);
                }
            }

            @Override
            public void onPresence(PresenceChange change) {
                listener.onPresence(change);
            }

            @Override
            public void onInbox(InboxEntry entry) {
                listener.onInbox(entry);
            }

            @Override
            public void onMap(MapChange change) {
                listener.onMap(change);
            }
        });
    }

    @Override
    public CompletableFuture<Void> close() {
        return delegate.close();
    }
}
