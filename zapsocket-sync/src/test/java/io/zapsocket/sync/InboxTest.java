package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Per-user inboxes, in memory on one node and on Redis across two nodes: order, once, at-least-once, bounds, errors. */
class InboxTest {
    private RedisProcess redis;
    private final List<Node> nodes = new ArrayList<>();
    private final List<SocketClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (SocketClient c : clients) {
            c.close();
        }
        for (Node n : nodes) {
            n.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static SyncOptions.Builder options() {
        return SyncOptions.builder().inbox(true).heartbeatInterval(Duration.ofMillis(300))
                .nodeTimeout(Duration.ofSeconds(2));
    }

    /** Two nodes on one Redis, or one in-memory node twice (the same node). */
    private List<Node> cluster(boolean onRedis, SyncOptions options) throws Exception {
        if (onRedis) {
            redis = RedisProcess.start();
            nodes.add(new Node(SyncStores.redis(redis.uri(), options), options));
            nodes.add(new Node(SyncStores.redis(redis.uri(), options), options));
            return nodes;
        }
        nodes.add(new Node(SyncStores.inMemory(), options));
        return List.of(nodes.get(0), nodes.get(0));
    }

    /** A client of {@code user} (or none) that records every {@code inbox:msg} from the first packet on. */
    final class Inbox {
        final List<Map<String, Object>> got = new CopyOnWriteArrayList<>();
        final ClientSocket socket;

        Inbox(Node node, String user) throws Exception {
            ClientOptions.Builder b = ClientOptions.builder().reconnection(false);
            if (user != null) {
                b.auth(Map.of("user", user));
            }
            SocketClient client = SocketClient.create("http://127.0.0.1:" + node.port, b.build());
            clients.add(client);
            socket = client.socket("/");
            socket.on("inbox:msg", (args, ack) -> got.add(args.getMap(0)));
            CompletableFuture<Void> up = new CompletableFuture<>();
            socket.onConnect(() -> up.complete(null));
            socket.connect();
            up.get(10, TimeUnit.SECONDS);
        }

        List<Long> ids() {
            return got.stream().map(m -> ((Number) m.get("id")).longValue()).toList();
        }

        List<Object> data() {
            return got.stream().map(m -> m.get("data")).toList();
        }

        Map<String, Object> ack(Map<String, Object> body) throws Exception {
            return Node.call(socket, "inbox:ack", body);
        }
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void messagesToAnOfflineUserArriveInOrderOnceAndStayUntilAcknowledged(boolean onRedis) throws Exception {
        List<Node> n = cluster(onRedis, options().build());
        Node a = n.get(0);
        Node b = n.get(1);
        for (int i = 1; i <= 100; i++) {
            InboxMessage m = b.sync.sendToUser("zoe", Map.of("n", i)).get(5, TimeUnit.SECONDS);
            assertThat(m.id()).isEqualTo(i);
        }
        List<Long> all = LongStream.rangeClosed(1, 100).boxed().toList();

        Inbox first = new Inbox(a, "zoe"); // on the other node
        await().atMost(Duration.ofSeconds(10)).until(() -> first.got.size() >= 100);
        Thread.sleep(200);
        assertThat(first.ids()).containsExactlyElementsOf(all);
        assertThat(first.data()).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 100).mapToObj(i -> (Object) Map.of("n", i)).toList());
        assertThat(first.ack(Map.of("upTo", 40))).containsEntry("removed", 40);
        assertThat(first.ack(Map.of("ids", List.of(41, 43)))).containsEntry("removed", 2);
        first.socket.disconnect();

        Inbox second = new Inbox(b, "zoe"); // unacknowledged ones come again, acknowledged ones never
        List<Long> rest = new ArrayList<>(LongStream.rangeClosed(42, 100).boxed().toList());
        rest.remove(Long.valueOf(43));
        await().atMost(Duration.ofSeconds(10)).until(() -> second.got.size() >= rest.size());
        Thread.sleep(200);
        assertThat(second.ids()).containsExactlyElementsOf(rest);

        // live: every socket of zoe, on either node, gets a new message once
        Inbox third = new Inbox(a, "zoe");
        await().atMost(Duration.ofSeconds(10)).until(() -> third.got.size() >= rest.size());
        a.sync.sendToUser("zoe", "live").get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.got.size() == rest.size() + 1
                && third.got.size() == rest.size() + 1);
        assertThat(second.got.get(rest.size())).containsEntry("id", 101).containsEntry("data", "live");
        assertThat(third.ids()).isEqualTo(second.ids());

        assertThat(third.ack(Map.of("upTo", 101))).containsEntry("removed", rest.size() + 1);
        assertThat(a.sync.inbox("zoe", 0, 1000).get(5, TimeUnit.SECONDS)).isEmpty();
        Inbox fourth = new Inbox(b, "zoe");
        Thread.sleep(300);
        assertThat(fourth.got).isEmpty();
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void boundsInCountBytesAndAgeWithAnExplicitOverflowPolicy(boolean onRedis) throws Exception {
        List<Node> n = cluster(onRedis, options().maxInboxMessages(3).maxInboxBytes(40).build());
        Node a = n.get(0);
        for (int i = 1; i <= 3; i++) {
            a.sync.sendToUser("rej", "m" + i).get(5, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> a.sync.sendToUser("rej", "m4").get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SyncException.class)
                .satisfies(e -> assertThat(((SyncException) e).error()).isEqualTo(SyncError.INBOX_FULL));
        // bytes: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" is 52 bytes of JSON > 40
        assertThatThrownBy(() -> a.sync.sendToUser("big", "x".repeat(50)).get(5, TimeUnit.SECONDS))
                .cause().satisfies(e -> assertThat(((SyncException) e).error()).isEqualTo(SyncError.TOO_LARGE));
        assertThat(a.sync.inbox("rej", 0, 10).get(5, TimeUnit.SECONDS)).extracting(InboxMessage::data)
                .containsExactly("m1", "m2", "m3");
        a.sync.acknowledge("rej", 1).get(5, TimeUnit.SECONDS);
        a.sync.sendToUser("rej", "m4").get(5, TimeUnit.SECONDS); // room again

        // drop oldest: count and bytes (another node with that policy, on its own store)
        SyncOptions dropping = options().maxInboxMessages(3).maxInboxBytes(40).redisPrefix("drop")
                .inboxOverflow(InboxOverflow.DROP_OLDEST).build();
        Node b = new Node(onRedis ? SyncStores.redis(redis.uri(), dropping) : SyncStores.inMemory(), dropping);
        nodes.add(b);
        for (int i = 1; i <= 5; i++) {
            b.sync.sendToUser("drop", "m" + i).get(5, TimeUnit.SECONDS);
        }
        assertThat(b.sync.inbox("drop", 0, 10).get(5, TimeUnit.SECONDS)).extracting(InboxMessage::data)
                .containsExactly("m3", "m4", "m5");
        b.sync.sendToUser("drop", "y".repeat(34)).get(5, TimeUnit.SECONDS); // 36 bytes: one 4-byte one fits
        assertThat(b.sync.inbox("drop", 0, 10).get(5, TimeUnit.SECONDS)).extracting(InboxMessage::data)
                .containsExactly("m5", "y".repeat(34));
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void unacknowledgedMessagesExpireAfterTheTtl(boolean onRedis) throws Exception {
        List<Node> n = cluster(onRedis, options().inboxTtl(Duration.ofMillis(300)).build());
        Node a = n.get(0);
        a.sync.sendToUser("old", "gone").get(5, TimeUnit.SECONDS);
        Thread.sleep(500);
        a.sync.sendToUser("old", "fresh").get(5, TimeUnit.SECONDS);
        Inbox in = new Inbox(a, "old");
        await().atMost(Duration.ofSeconds(5)).until(() -> in.got.size() >= 1);
        Thread.sleep(200);
        assertThat(in.data()).containsExactly("fresh");
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void badInputHasADocumentedError(boolean onRedis) throws Exception {
        List<Node> n = cluster(onRedis, options().maxInboxMessages(5).build());
        Node a = n.get(0);
        a.sync.sendToUser("bob", "for bob").get(5, TimeUnit.SECONDS);
        Inbox ann = new Inbox(a, "ann");
        Map<String, Object> bad = new HashMap<>();
        bad.put("user", "bob");
        bad.put("upTo", 1);
        assertThat(Node.errorCode(ann.ack(bad))).isEqualTo("forbidden"); // another user's inbox
        assertThat(a.sync.inbox("bob", 0, 10).get(5, TimeUnit.SECONDS)).hasSize(1);
        assertThat(Node.errorCode(ann.ack(Map.of()))).isEqualTo("bad_request");
        assertThat(Node.errorCode(ann.ack(Map.of("upTo", -1)))).isEqualTo("bad_request");
        assertThat(Node.errorCode(ann.ack(Map.of("upTo", 1.5)))).isEqualTo("bad_request");
        assertThat(Node.errorCode(ann.ack(Map.of("ids", "1")))).isEqualTo("bad_request");
        assertThat(Node.errorCode(ann.ack(Map.of("ids", List.of(0))))).isEqualTo("bad_request");
        assertThat(Node.errorCode(ann.ack(Map.of("ids", List.of(1, 2, 3, 4, 5, 6))))).isEqualTo("limit_exceeded");
        assertThat(Node.errorCode(Node.call(ann.socket, "inbox:ack", "nope"))).isEqualTo("bad_request");
        assertThat(ann.ack(Map.of("upTo", 1_000_000_000_000L))).containsEntry("removed", 0); // ann's own: empty
        Inbox anonymous = new Inbox(a, null);
        assertThat(Node.errorCode(anonymous.ack(Map.of("upTo", 1)))).isEqualTo("forbidden");
        assertThat(a.sync.inbox("bob", 0, 10).get(5, TimeUnit.SECONDS)).hasSize(1);
        assertThatThrownBy(() -> a.sync.sendToUser("bob", new byte[] {1}).get(5, TimeUnit.SECONDS))
                .cause().satisfies(e -> assertThat(((SyncException) e).error()).isEqualTo(SyncError.BAD_REQUEST));
    }

    @org.junit.jupiter.api.Test
    void theJavaClientsInboxReceiverHandlesEachMessageOnceAndAcknowledgesIt() throws Exception {
        Node a = cluster(false, options().build()).get(0);
        for (int i = 1; i <= 5; i++) {
            a.sync.sendToUser("zoe", "m" + i).get(5, TimeUnit.SECONDS);
        }
        List<InboxMessage> handled = new CopyOnWriteArrayList<>();
        SocketClient client = SocketClient.create("http://127.0.0.1:" + a.port, ClientOptions.builder()
                .auth(Map.of("user", "zoe")).reconnection(false).build());
        clients.add(client);
        ClientSocket socket = client.socket("/");
        io.zapsocket.sync.client.InboxReceiver receiver = io.zapsocket.sync.client.InboxReceiver.listen(socket, 100,
                m -> {
                    if (m.data().equals("m3") && handled.stream().noneMatch(h -> h.data().equals("m3x"))) {
                        handled.add(new InboxMessage(null, 0, 0, "m3x"));
                        throw new IllegalStateException("not now"); // unacknowledged: comes again
                    }
                    handled.add(m);
                });
        socket.connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.sync.inbox("zoe", 0, 10).get().size() == 1);
        assertThat(a.sync.inbox("zoe", 0, 10).get().get(0).data()).isEqualTo("m3");
        a.sync.sendToUser("zoe", "m6").get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 6);
        socket.disconnect();
        socket.connect(); // m3 again: handled now; nothing else twice
        await().atMost(Duration.ofSeconds(5)).until(() -> a.sync.inbox("zoe", 0, 10).get().isEmpty());
        assertThat(handled).extracting(InboxMessage::data).containsExactly("m1", "m2", "m3x", "m4", "m5", "m6",
                "m3");
        receiver.close();
    }
}
