package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.sync.client.StreamSubscription;
import io.zapsocket.sync.store.PresenceChange;
import io.zapsocket.sync.store.PresenceRecord;
import io.zapsocket.sync.store.PresenceSnapshot;
import io.zapsocket.sync.store.StoreListener;
import io.zapsocket.sync.store.StoredEntry;
import io.zapsocket.sync.store.StreamRead;
import io.zapsocket.sync.store.SyncStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Java client's {@link StreamSubscription}: gap fill, dedupe, resume, resync. */
class StreamSubscriptionTest {
    private Node node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    /** An in-memory store whose notifications lose every offset ending in 3 (a node that missed messages). */
    static final class LossyStore implements SyncStore {
        private final SyncStore delegate = SyncStores.inMemory();

        @Override
        public CompletableFuture<StoredEntry> append(String stream, String json, int maxCount, Duration maxAge) {
            return delegate.append(stream, json, maxCount, maxAge);
        }

        @Override
        public CompletableFuture<StreamRead> read(String stream, long after, int limit, Duration maxAge) {
            return delegate.read(stream, after, limit, maxAge);
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
        public void listen(StoreListener listener) {
            delegate.listen(new StoreListener() {
                @Override
                public void onEntry(StoredEntry entry) {
                    if (entry.offset() % 10 != 3) {
                        listener.onEntry(entry);
                    }
                }

                @Override
                public void onPresence(PresenceChange change) {
                    listener.onPresence(change);
                }
            });
        }

        @Override
        public CompletableFuture<Void> close() {
            return delegate.close();
        }
    }

    static final class Recorder implements StreamSubscription.Listener {
        final List<Long> offsets = new ArrayList<>();
        final List<StreamPosition> resyncs = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public synchronized void onPublication(Publication publication) {
            offsets.add(publication.offset());
        }

        @Override
        public synchronized void onResync(StreamPosition position) {
            resyncs.add(position);
        }

        @Override
        public synchronized void onError(Throwable error) {
            errors.add(error);
        }

        synchronized List<Long> offsets() {
            return new ArrayList<>(offsets);
        }
    }

    private void publish(String stream, int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            node.sync.publish(stream, Map.of("n", i)).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void gapsAreFilledFromHistoryAndEveryPublicationArrivesOnceInOrder() throws Exception {
        node = new Node(new LossyStore(), SyncOptions.builder().streamRooms(Pattern.compile("s:.*")).build());
        ClientSocket socket = node.connect("ann");
        Recorder r = new Recorder();
        StreamSubscription sub = StreamSubscription.follow(socket, "s:gaps", null, 4, r);
        await().atMost(Duration.ofSeconds(5)).until(() -> sub.position().epoch() != null);
        publish("s:gaps", 1, 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> r.offsets().size() == 200);
        assertThat(r.offsets()).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
        assertThat(sub.position().offset()).isEqualTo(200);
        assertThat(r.errors).isEmpty();
        sub.close();
    }

    /**
     * The regression of the chaos test's finding: a resume whose answer itself has a gap (the node missed a
     * publication that came while the store read was pending) must fill it, not jump to the answer's last offset.
     */
    @Test
    void aGapInsideASubscribeAnswerIsFilledNotSkipped() throws Exception {
        java.util.Set<Long> lost = java.util.concurrent.ConcurrentHashMap.newKeySet();
        DroppingStore store = new DroppingStore(SyncStores.inMemory(), lost::contains);
        node = new Node(store, SyncOptions.builder().streamRooms(Pattern.compile("s:.*")).build());
        ClientSocket socket = node.connect("ann");
        Recorder r = new Recorder();
        StreamSubscription sub = StreamSubscription.follow(socket, "s:g", null, 2, r);
        await().atMost(Duration.ofSeconds(5)).until(() -> sub.position().epoch() != null);
        publish("s:g", 1, 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> r.offsets().size() == 5);

        socket.disconnect();
        store.readDelayMillis = 1000; // the resume's read answers 1 s later, with top 5
        lost.add(8L);                 // and this node misses offset 8 meanwhile
        socket.connect();
        Thread.sleep(300);
        publish("s:g", 6, 10);        // buffered for the pending subscribe: 6, 7, 9, 10
        store.readDelayMillis = 0;
        await().atMost(Duration.ofSeconds(10)).until(() -> r.offsets().size() >= 10);
        Thread.sleep(200);
        assertThat(r.offsets()).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
        assertThat(r.resyncs).isEmpty();
        sub.close();
    }

    @Test
    void aSecondSubscribeBeforeTheFirstIsAnsweredGetsBothAnswered() throws Exception {
        DroppingStore store = new DroppingStore(SyncStores.inMemory(), off -> false);
        node = new Node(store, SyncOptions.builder().streamRooms(Pattern.compile("s:.*")).build());
        ClientSocket socket = node.connect("ann");
        publish("s:d", 1, 3);
        store.readDelayMillis = 300;
        CompletableFuture<io.zapsocket.protocol.Args> first = socket.emitWithAck("sync:subscribe",
                Map.of("stream", "s:d", "rewind", 3));
        CompletableFuture<io.zapsocket.protocol.Args> second = socket.emitWithAck("sync:subscribe",
                Map.of("stream", "s:d", "rewind", 3));
        assertThat(first.get(5, TimeUnit.SECONDS).getMap(0)).containsEntry("offset", 3);
        assertThat(second.get(5, TimeUnit.SECONDS).getMap(0)).containsEntry("offset", 3);
        store.readDelayMillis = 0;
        List<Map<String, Object>> live = new java.util.concurrent.CopyOnWriteArrayList<>();
        socket.on("sync:pub", (args, ack) -> live.add(args.getMap(0)));
        publish("s:d", 4, 4);
        await().atMost(Duration.ofSeconds(5)).until(() -> live.size() == 1); // subscribed once, not twice
        Thread.sleep(200);
        assertThat(live).hasSize(1);
    }

    @Test
    void resumesOnANewConnectionFromASavedPositionOrSaysResync() throws Exception {
        node = new Node(SyncStores.inMemory(), SyncOptions.builder().streamRooms(Pattern.compile("s:.*"))
                .historySize(50).build());
        ClientSocket first = node.connect("ann");
        Recorder r = new Recorder();
        StreamSubscription sub = StreamSubscription.follow(first, "s:r", null, 100, r);
        await().atMost(Duration.ofSeconds(5)).until(() -> sub.position().epoch() != null);
        publish("s:r", 1, 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> r.offsets().size() == 10);
        sub.close(); // (the client may still dispatch a publication that was on its way when disconnect() returned)
        StreamPosition saved = sub.position();
        first.disconnect();
        publish("s:r", 11, 30);
        ClientSocket second = node.connect("ann");
        StreamSubscription resumed = StreamSubscription.follow(second, "s:r", saved, 100, r);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> r.offsets().size() == 30);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("delivered " + r.offsets() + ", position " + resumed.position() + ", saved "
                    + saved + ", errors " + r.errors + ", connected " + second.connected(), e);
        }
        assertThat(r.offsets()).containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
        assertThat(r.resyncs).isEmpty();
        resumed.close();

        publish("s:r", 31, 200); // far beyond the history (50)
        ClientSocket third = node.connect("ann");
        Recorder late = new Recorder();
        StreamSubscription tooLate = StreamSubscription.follow(third, "s:r", new StreamPosition(30, saved.epoch()),
                100, late);
        await().atMost(Duration.ofSeconds(5)).until(() -> !late.resyncs.isEmpty());
        assertThat(late.resyncs.get(0).offset()).isEqualTo(200);
        publish("s:r", 201, 201);
        await().atMost(Duration.ofSeconds(5)).until(() -> late.offsets().equals(List.of(201L)));
        tooLate.close();
    }
}
