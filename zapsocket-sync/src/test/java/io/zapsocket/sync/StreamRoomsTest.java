package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zapsocket.client.ClientSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stream rooms on one node with the in-memory store, driven by the Java client as a plain socket.io client. */
class StreamRoomsTest {
    private Node node;

    private Node start(SyncOptions.Builder options) throws Exception {
        node = new Node(SyncStores.inMemory(), options.build());
        return node;
    }

    private Node start() throws Exception {
        return start(SyncOptions.builder().streamRooms(Pattern.compile("chat:.*")));
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private void publish(String stream, int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            node.sync.publish(stream, Map.of("n", i)).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void offsetsAreConsecutiveAndSubscribersGetLivePublicationsInOrder() throws Exception {
        start();
        ClientSocket socket = node.connect("ann");
        Follower f = new Follower("chat:a");
        f.attach(socket);
        Map<String, Object> answer = f.subscribe(socket, null);
        assertThat(answer).containsEntry("offset", 0).containsEntry("recovered", false)
                .containsEntry("resync", false);
        Publication p = node.sync.publish("chat:a", Map.of("text", "hi")).get(5, TimeUnit.SECONDS);
        assertThat(p.offset()).isEqualTo(1);
        assertThat(p.epoch()).isEqualTo(answer.get("epoch"));
        publish("chat:a", 2, 50);
        await().atMost(Duration.ofSeconds(5)).until(() -> f.size() == 50);
        assertThat(f.offsets()).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
        assertThat(f.data.get(0)).isEqualTo(Map.of("text", "hi"));
        assertThat(f.duplicates + f.gaps).isZero();
    }

    @Test
    void rewindGivesTheLastPublicationsThenLiveOnes() throws Exception {
        start();
        publish("chat:r", 1, 10);
        ClientSocket socket = node.connect("ann");
        Follower f = new Follower("chat:r");
        f.attach(socket);
        f.subscribe(socket, 3);
        assertThat(f.offsets()).containsExactly(8L, 9L, 10L);
        publish("chat:r", 11, 12);
        await().atMost(Duration.ofSeconds(5)).until(() -> f.size() == 5);
        assertThat(f.offsets()).containsExactly(8L, 9L, 10L, 11L, 12L);
    }

    @Test
    void aReconnectingClientResumesFromItsLastOffsetWithoutGapOrDuplicate() throws Exception {
        start();
        Follower f = new Follower("chat:resume");
        ClientSocket first = node.connect("ann");
        f.attach(first);
        f.subscribe(first, null);
        publish("chat:resume", 1, 20);
        await().atMost(Duration.ofSeconds(5)).until(() -> f.size() == 20);
        first.disconnect();
        publish("chat:resume", 21, 40); // missed while offline
        ClientSocket second = node.connect("ann");
        f.attach(second);
        Map<String, Object> answer = f.subscribe(second, null);
        assertThat(answer).containsEntry("recovered", true).containsEntry("resync", false);
        publish("chat:resume", 41, 45);
        await().atMost(Duration.ofSeconds(5)).until(() -> f.size() == 45);
        assertThat(f.offsets()).containsExactlyElementsOf(LongStream.rangeClosed(1, 45).boxed().toList());
        assertThat(f.duplicates + f.gaps).isZero();
    }

    @Test
    void subscribingWhilePublicationsFlowLosesAndDuplicatesNothing() throws Exception {
        start(SyncOptions.builder().streamRooms(Pattern.compile("chat:.*")).historySize(5000));
        publish("chat:busy", 1, 100);
        Thread publisher = new Thread(() -> {
            try {
                publish("chat:busy", 101, 1500);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ClientSocket socket = node.connect("ann");
        Follower f = new Follower("chat:busy");
        f.attach(socket);
        f.last = 0; // resume from the very beginning while the publisher runs
        f.epoch = node.sync.history("chat:busy", 0, 1, null).get(5, TimeUnit.SECONDS).epoch();
        publisher.start();
        Map<String, Object> answer = f.subscribe(socket, null);
        assertThat(answer).containsEntry("recovered", true);
        publisher.join(30_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.size() == 1500);
        assertThat(f.offsets()).containsExactlyElementsOf(LongStream.rangeClosed(1, 1500).boxed().toList());
        assertThat(f.duplicates + f.gaps).isZero();
    }

    @Test
    void anotherEpochOrAnOffsetOutOfHistoryMeansResync() throws Exception {
        start(SyncOptions.builder().streamRooms(Pattern.compile("chat:.*")).historySize(10));
        publish("chat:old", 1, 30);
        ClientSocket socket = node.connect("ann");
        Follower stale = new Follower("chat:old");
        stale.last = 5;
        stale.epoch = node.sync.history("chat:old", 0, 1, null).get(5, TimeUnit.SECONDS).epoch();
        Map<String, Object> tooOld = stale.subscribe(socket, null);
        assertThat(tooOld).containsEntry("recovered", false).containsEntry("resync", true)
                .containsEntry("offset", 30);
        assertThat((List<?>) tooOld.get("publications")).isEmpty();

        Follower foreign = new Follower("chat:old");
        foreign.last = 25;
        foreign.epoch = "another-epoch";
        assertThat(foreign.subscribe(socket, null)).containsEntry("resync", true);

        Follower recent = new Follower("chat:old");
        recent.last = 20; // 21..30 are retained (history size 10)
        recent.epoch = stale.epoch;
        assertThat(recent.subscribe(socket, null)).containsEntry("recovered", true);
        assertThat(recent.offsets()).containsExactlyElementsOf(LongStream.rangeClosed(21, 30).boxed().toList());
    }

    @Test
    void historyPagesFillAGap() throws Exception {
        start();
        publish("chat:h", 1, 30);
        ClientSocket socket = node.connect("ann");
        Map<String, Object> page = Node.call(socket, "sync:history", Map.of("stream", "chat:h", "after", 10,
                "limit", 5));
        assertThat(page).containsEntry("offset", 30).containsEntry("complete", true);
        assertThat(((List<?>) page.get("publications")).stream().map(p -> (Object) ((Map<?, ?>) p).get("offset")).toList())
                .containsExactly(11, 12, 13, 14, 15);
        Map<String, Object> otherEpoch = Node.call(socket, "sync:history", Map.of("stream", "chat:h", "after", 10,
                "limit", 5, "epoch", "nope"));
        assertThat(otherEpoch).containsEntry("complete", false);
        assertThat((List<?>) otherEpoch.get("publications")).isEmpty();
    }

    @Test
    void historyIsBoundedByAge() throws Exception {
        start(SyncOptions.builder().streamRooms(Pattern.compile("chat:.*")).historyTtl(Duration.ofMillis(200)));
        publish("chat:ttl", 1, 3);
        Thread.sleep(300);
        publish("chat:ttl", 4, 4);
        HistoryPage page = node.sync.history("chat:ttl", 0, 10, null).get(5, TimeUnit.SECONDS);
        assertThat(page.publications()).extracting(Publication::offset).containsExactly(4L);
        assertThat(page.complete()).isFalse();
    }

    @Test
    void badRequestsGetTheirDocumentedErrors() throws Exception {
        start(SyncOptions.builder().streamRooms(Pattern.compile("chat:.*")).maxPageSize(20).maxDataBytes(100)
                .authorizer((socket, action, room) -> !room.equals("chat:secret")));
        publish("chat:e", 1, 5);
        ClientSocket s = node.connect("ann");
        assertThat(Node.errorCode(Node.call(s, "sync:subscribe", Map.of("stream", "plain-room"))))
                .isEqualTo("not_a_stream");
        assertThat(Node.errorCode(Node.call(s, "sync:subscribe", Map.of("stream", "chat:secret"))))
                .isEqualTo("forbidden");
        assertThat(Node.errorCode(Node.call(s, "sync:subscribe", "not an object"))).isEqualTo("bad_request");
        assertThat(Node.errorCode(Node.call(s, "sync:subscribe", Map.of("stream", 42)))).isEqualTo("bad_request");
        assertThat(Node.errorCode(Node.call(s, "sync:subscribe", Map.of("stream", "chat:" + "x".repeat(300)))))
                .isEqualTo("limit_exceeded");
        assertThat(Node.errorCode(Node.call(s, "sync:subscribe", Map.of("stream", "chat:e", "rewind", 21))))
                .isEqualTo("limit_exceeded");
        String epoch = node.sync.history("chat:e", 0, 1, null).get(5, TimeUnit.SECONDS).epoch();
        assertThat(Node.errorCode(Node.call(s, "sync:subscribe", Map.of("stream", "chat:e",
                "since", Map.of("offset", 999, "epoch", epoch))))).isEqualTo("offset_in_future");
        assertThat(Node.errorCode(Node.call(s, "sync:subscribe", Map.of("stream", "chat:e",
                "since", Map.of("offset", -1, "epoch", epoch))))).isEqualTo("bad_request");
        assertThat(Node.errorCode(Node.call(s, "sync:history", Map.of("stream", "chat:e", "after", 0,
                "limit", 21)))).isEqualTo("limit_exceeded");
        assertThat(Node.errorCode(Node.call(s, "sync:history", Map.of("stream", "chat:e", "after", -3,
                "limit", 2)))).isEqualTo("bad_request");
        assertThat(Node.errorCode(Node.call(s, "sync:history", Map.of("stream", "chat:e", "after", 0,
                "limit", 0)))).isEqualTo("bad_request");
        assertThat(Node.errorCode(Node.call(s, "sync:history", Map.of("stream", "chat:e", "after", 6,
                "limit", 2)))).isEqualTo("offset_in_future");
        assertThat(Node.errorCode(Node.call(s, "sync:history", Map.of("stream", "chat:e",
                "after", Long.MAX_VALUE, "limit", 2)))).isEqualTo("offset_in_future");
        assertThat(Node.errorCode(Node.call(s, "sync:history", Map.of("stream", "chat:e", "after", 1.5,
                "limit", 2)))).isEqualTo("bad_request");
        // clients may not publish by default (READ_ONLY is replaced here, but PUBLISH on the secret room is refused)
        assertThat(Node.errorCode(Node.call(s, "sync:publish", Map.of("stream", "chat:secret", "data", 1))))
                .isEqualTo("forbidden");
        assertThat(Node.errorCode(Node.call(s, "sync:publish", Map.of("stream", "chat:e",
                "data", "x".repeat(200))))).isEqualTo("too_large");
        assertThat(Node.errorCode(Node.call(s, "sync:publish", Map.of("stream", "chat:e")))).isEqualTo("bad_request");
        Map<String, Object> ok = Node.call(s, "sync:publish", Map.of("stream", "chat:e", "data", "hey"));
        assertThat(ok).containsEntry("offset", 6);
        // the server API fails its futures with the same codes
        assertThatThrownBy(() -> node.sync.publish("plain", 1).get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SyncException.class)
                .satisfies(e -> assertThat(((SyncException) e).error()).isEqualTo(SyncError.NOT_A_STREAM));
        assertThatThrownBy(() -> node.sync.history("chat:e", 7, 1, null).get()).cause()
                .satisfies(e -> assertThat(((SyncException) e).error()).isEqualTo(SyncError.OFFSET_IN_FUTURE));
    }

    @Test
    void clientsMayNotPublishByDefaultAndStreamsCanBeEnabledByApi() throws Exception {
        start(SyncOptions.builder());
        ClientSocket s = node.connect("ann");
        assertThat(Node.errorCode(Node.call(s, "sync:subscribe", Map.of("stream", "news")))).isEqualTo("not_a_stream");
        node.sync.enableStream("news");
        assertThat(node.sync.isStream("news")).isTrue();
        assertThat(Node.call(s, "sync:subscribe", Map.of("stream", "news"))).containsEntry("offset", 0);
        assertThat(Node.errorCode(Node.call(s, "sync:publish", Map.of("stream", "news", "data", 1))))
                .isEqualTo("forbidden");
        Map<String, Object> body = new HashMap<>();
        body.put("stream", "news");
        assertThat(Node.call(s, "sync:unsubscribe", body)).containsEntry("ok", true);
    }

    @Test
    void optionsRejectUnsafeValues() {
        assertThatThrownBy(() -> SyncOptions.builder().historySize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncOptions.builder().maxPageSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncOptions.builder().historyTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyncOptions.builder().heartbeatInterval(Duration.ofSeconds(10)).build())
                .isInstanceOf(IllegalArgumentException.class);
        SyncOptions o = SyncOptions.builder().historySize(5).build();
        assertThat(o.toBuilder().build().historySize()).isEqualTo(5);
        assertThat(o.toString()).contains("historySize=5");
    }
}
