package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.testkit.RedisClusterProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes with Sync on a real Redis Cluster (3 masters + 3 replicas on free ports): streams, presence, inboxes and
 * maps whose keys live on different masters, each script in one slot.
 */
class SyncRedisClusterTest {
    private static RedisClusterProcess cluster;
    private final List<Node> nodes = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisClusterProcess.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (Node n : nodes) {
            n.close();
        }
    }

    private static SyncOptions options() {
        return SyncOptions.builder().streamRooms(Pattern.compile("chat:.*")).historySize(5000).inbox(true)
                .lwwMaps(Pattern.compile("todo:.*")).authorizer(SyncAuthorizer.ALLOW_ALL)
                .heartbeatInterval(Duration.ofMillis(300)).nodeTimeout(Duration.ofSeconds(2)).build();
    }

    private Node node() throws Exception {
        SyncOptions o = options();
        Node n = new Node(SyncStores.redisCluster(cluster.uris(), o), o);
        nodes.add(n);
        return n;
    }

    /** Names whose hash tags land on at least two masters, so a test spans shards. */
    private static List<String> spread(String prefix, String tagKind, int count) throws Exception {
        List<String> names = new ArrayList<>();
        Set<Integer> masters = new HashSet<>();
        for (int i = 0; names.size() < count || masters.size() < 2; i++) {
            String name = prefix + i;
            names.add(name);
            masters.add(cluster.masterOf("zsync:{" + tagKind + ":" + name + "}"));
        }
        return names;
    }

    @Test
    void streamRoomsHaveOneOrderAndHistoryAcrossNodesOnEveryShard() throws Exception {
        Node a = node();
        Node b = node();
        for (String stream : spread("chat:", "s", 3)) {
            Follower onA = new Follower(stream);
            ClientSocket sa = a.connect("ann");
            onA.attach(sa);
            onA.subscribe(sa, null);
            Follower onB = new Follower(stream);
            ClientSocket sb = b.connect("bob");
            onB.attach(sb);
            onB.subscribe(sb, null);
            List<CompletableFuture<Publication>> acks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                acks.add(a.sync.publish(stream, Map.of("from", "a", "i", i)));
                acks.add(b.sync.publish(stream, Map.of("from", "b", "i", i)));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            List<Long> all = LongStream.rangeClosed(1, 200).boxed().toList();
            await().atMost(Duration.ofSeconds(20)).until(() -> onA.size() == 200 && onB.size() == 200);
            assertThat(onA.offsets()).containsExactlyElementsOf(all);
            assertThat(onB.offsets()).containsExactlyElementsOf(all);
            synchronized (onA) {
                synchronized (onB) {
                    assertThat(onB.data).containsExactlyElementsOf(onA.data);
                }
            }
            // history, read on the other node, and a late subscriber that resumes from offset 150
            HistoryPage page = b.sync.history(stream, 190, 100, null).get(5, TimeUnit.SECONDS);
            assertThat(page.publications()).extracting(Publication::offset)
                    .containsExactlyElementsOf(LongStream.rangeClosed(191, 200).boxed().toList());
            Follower late = new Follower(stream);
            late.last = 150;
            late.epoch = onA.epoch;
            ClientSocket sl = a.connect("cid");
            late.attach(sl);
            assertThat(late.subscribe(sl, null)).containsEntry("recovered", true);
            Thread.sleep(300);
            assertThat(late.offsets()).containsExactlyElementsOf(LongStream.rangeClosed(151, 200).boxed().toList());
            assertThat(onA.duplicates + onB.duplicates + late.duplicates + onA.gaps + onB.gaps + late.gaps).isZero();
        }
    }

    @Test
    void presenceIsListedOnBothNodesAndADeadNodesMembersLeave() throws Exception {
        Node a = node();
        Node b = node();
        List<String> rooms = spread("lobby", "p", 2);
        for (String room : rooms) {
            Node.call(a.connect("ann"), "presence:track", Map.of("room", room, "meta", Map.of("node", "a")));
            Node.call(b.connect("bob"), "presence:track", Map.of("room", room, "meta", Map.of("node", "b")));
        }
        for (String room : rooms) {
            for (Node n : List.of(a, b)) {
                assertThat(n.sync.presence(room).get(5, TimeUnit.SECONDS)).extracting(PresenceEntry::key)
                        .containsExactly("ann", "bob");
            }
        }
        // node b dies without a word: its members leave every room (each on its own shard) after the timeout
        java.lang.reflect.Field f = b.sync.getClass().getDeclaredField("store");
        f.setAccessible(true);
        ((io.zapsocket.sync.internal.RedisStore) f.get(b.sync)).abandon();
        for (String room : rooms) {
            await().atMost(Duration.ofSeconds(10)).until(() -> a.sync.presence(room).get().size() == 1);
            assertThat(a.sync.presence(room).get()).extracting(PresenceEntry::key).containsExactly("ann");
        }
        nodes.remove(b);
        b.server.close().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anInboxMessageToAnOfflineUserIsDeliveredOnConnectToTheOtherNode() throws Exception {
        Node a = node();
        Node b = node();
        for (String user : spread("zoe", "i", 2)) {
            for (int i = 1; i <= 20; i++) {
                assertThat(b.sync.sendToUser(user, Map.of("n", i)).get(5, TimeUnit.SECONDS).id()).isEqualTo(i);
            }
            List<Map<String, Object>> got = new CopyOnWriteArrayList<>();
            ClientSocket s = a.connect(user, so -> so.on("inbox:msg", (args, ack) -> got.add(args.getMap(0))));
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 20);
            Thread.sleep(300); // a late live copy of a message the connection read would come now
            assertThat(got).extracting(m -> ((Number) m.get("id")).longValue())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
            assertThat(Node.call(s, "inbox:ack", Map.of("upTo", 20))).containsEntry("removed", 20);
            assertThat(a.sync.inbox(user, 0, 100).get(5, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aLastWriterWinsMapConvergesOnBothNodes() throws Exception {
        Node a = node();
        Node b = node();
        for (String map : spread("todo:", "m", 2)) {
            List<CompletableFuture<SyncMapEntry>> writes = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                writes.add(a.sync.mapSet(map, "k" + (i % 5), Map.of("from", "a", "i", i)));
                writes.add(b.sync.mapSet(map, "k" + (i % 5), Map.of("from", "b", "i", i)));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            Map<String, String> best = new HashMap<>();
            for (CompletableFuture<SyncMapEntry> w : writes) {
                SyncMapEntry e = w.join();
                best.merge(e.key(), e.stamp(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
            }
            List<SyncMapEntry> onA = a.sync.mapEntries(map).get(5, TimeUnit.SECONDS);
            List<SyncMapEntry> onB = b.sync.mapEntries(map).get(5, TimeUnit.SECONDS);
            assertThat(onA).hasSize(5);
            assertThat(onA).extracting(SyncMapEntry::value)
                    .containsExactlyElementsOf(onB.stream().map(SyncMapEntry::value).toList());
            for (SyncMapEntry e : onA) {
                assertThat(e.stamp()).isEqualTo(best.get(e.key()));
            }
        }
    }
}
