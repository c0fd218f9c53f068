package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.sync.internal.RedisStore;
import io.zapsocket.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes on one real redis-server (free port): one order per stream, resume across nodes, cluster presence. */
class RedisClusterTest {
    private RedisProcess redis;
    private final List<Node> nodes = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Node n : nodes) {
            n.close();
        }
        redis.close();
    }

    private Node node(SyncOptions options) throws Exception {
        Node n = new Node(SyncStores.redis(redis.uri(), options), options);
        nodes.add(n);
        return n;
    }

    private static SyncOptions options() {
        return SyncOptions.builder().streamRooms(Pattern.compile("chat:.*")).historySize(5000)
                .heartbeatInterval(Duration.ofMillis(300)).nodeTimeout(Duration.ofSeconds(2)).build();
    }

    @Test
    void publicationsFromBothNodesHaveOneOrderAndAReconnectingClientResumesWithoutGapOrDuplicate()
            throws Exception {
        Node a = node(options());
        Node b = node(options());
        Follower onA = new Follower("chat:x");
        ClientSocket sa = a.connect("ann");
        onA.attach(sa);
        onA.subscribe(sa, null);
        Follower onB = new Follower("chat:x");
        ClientSocket sb = b.connect("bob");
        onB.attach(sb);
        onB.subscribe(sb, null);

        List<CompletableFuture<Publication>> acks = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            acks.add(a.sync.publish("chat:x", Map.of("from", "a", "i", i)));
            acks.add(b.sync.publish("chat:x", Map.of("from", "b", "i", i)));
            if (i == 200) {
                sb.disconnect(); // bob drops while both nodes publish, and comes back on the other node
                ClientSocket again = a.connect("bob");
                onB.attach(again);
                assertThat(onB.subscribe(again, null)).containsEntry("recovered", true);
            }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(acks.stream().map(f -> f.join().offset()).distinct().count()).isEqualTo(1000);
        await().atMost(Duration.ofSeconds(20)).until(() -> onA.size() == 1000 && onB.size() == 1000);
        List<Long> all = LongStream.rangeClosed(1, 1000).boxed().toList();
        assertThat(onA.offsets()).containsExactlyElementsOf(all);
        assertThat(onB.offsets()).containsExactlyElementsOf(all);
        synchronized (onA) {
            synchronized (onB) {
                assertThat(onB.data).containsExactlyElementsOf(onA.data); // the same order on every client
            }
        }
        assertThat(onA.duplicates + onA.gaps + onB.gaps).isZero();

        HistoryPage page = b.sync.history("chat:x", 990, 100, null).get(5, TimeUnit.SECONDS);
        assertThat(page.publications()).extracting(Publication::offset)
                .containsExactlyElementsOf(LongStream.rangeClosed(991, 1000).boxed().toList());
        assertThat(page.complete()).isTrue();
    }

    @Test
    void aRedisWithoutTheStreamGivesANewEpochAndResumingClientsResync() throws Exception {
        Node a = node(options());
        Publication p = a.sync.publish("chat:y", "one").get(5, TimeUnit.SECONDS);
        redis.restart(Duration.ofMillis(100)); // no persistence: everything is gone
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> a.sync.publish("chat:y", "two").get(2, TimeUnit.SECONDS) != null);
        Follower f = new Follower("chat:y");
        f.last = p.offset();
        f.epoch = p.epoch();
        ClientSocket s = a.connect("ann");
        f.attach(s);
        Map<String, Object> answer = f.subscribe(s, null);
        assertThat(answer).containsEntry("resync", true);
        assertThat(answer.get("epoch")).isNotEqualTo(p.epoch());
    }

    @Test
    void presenceIsClusterWideAndADeadNodesMembersDisappear() throws Exception {
        Node a = node(options());
        Node b = node(options());
        ClientSocket watcher = a.connect("watcher");
        List<Map<String, Object>> diffs = new java.util.concurrent.CopyOnWriteArrayList<>();
        watcher.on("presence:diff", (args, ack) -> diffs.add(args.getMap(0)));
        Node.call(watcher, "presence:subscribe", Map.of("room", "lobby"));

        ClientSocket annOnA = a.connect("ann");
        ClientSocket annOnB = b.connect("ann");
        ClientSocket bobOnB = b.connect("bob");
        Node.call(annOnA, "presence:track", Map.of("room", "lobby", "meta", Map.of("node", "a")));
        Node.call(annOnB, "presence:track", Map.of("room", "lobby", "meta", Map.of("node", "b")));
        Node.call(bobOnB, "presence:track", Map.of("room", "lobby"));
        for (Node n : List.of(a, b)) {
            List<PresenceEntry> list = n.sync.presence("lobby").get(5, TimeUnit.SECONDS);
            assertThat(list).extracting(PresenceEntry::key).containsExactly("ann", "bob");
            assertThat(list.get(0).metas()).hasSize(2);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> diffs.size() == 3);

        // node b dies without a word (like kill -9): its members leave everywhere after the node timeout
        long died = System.nanoTime();
        ((RedisStore) storeOf(b)).abandon();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.sync.presence("lobby").get().size() == 1
                && a.sync.presence("lobby").get().get(0).metas().size() == 1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - died)).isLessThan(10_000);
        assertThat(a.sync.presence("lobby").get().get(0).metas().get(0).meta()).containsEntry("node", "a");
        await().atMost(Duration.ofSeconds(5)).until(() -> diffs.size() == 4);
        assertThat(new ArrayList<Object>(((Map<?, ?>) diffs.get(3).get("leaves")).keySet())).containsExactlyInAnyOrder("ann", "bob");
        nodes.remove(b);
        b.server.close().get(10, TimeUnit.SECONDS);
    }

    private static Object storeOf(Node n) throws Exception {
        java.lang.reflect.Field f = n.sync.getClass().getDeclaredField("store");
        f.setAccessible(true);
        return f.get(n.sync);
    }
}
