package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.sync.store.MapChange;
import io.zapsocket.sync.store.MapWrite;
import io.zapsocket.sync.store.SyncStore;
import io.zapsocket.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replicated maps: last-writer-wins (HLC + node id, deterministic merge, tombstones) and compare-and-set. */
class ReplicatedMapTest {
    private RedisProcess redis;
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Node n : nodes) {
            n.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static SyncOptions.Builder options() {
        return SyncOptions.builder().lwwMaps(Pattern.compile("todo:.*")).casMaps(Pattern.compile("cas:.*"))
                .authorizer(SyncAuthorizer.ALLOW_ALL).heartbeatInterval(Duration.ofMillis(300))
                .nodeTimeout(Duration.ofSeconds(2));
    }

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

    /** A subscriber that applies the snapshot, then the changes in seq order. */
    static final class Replica {
        final Map<String, Object> state = new HashMap<>();
        long seq;
        final List<Map<String, Object>> early = new CopyOnWriteArrayList<>();

        @SuppressWarnings("unchecked")
        Replica(ClientSocket socket, String map) throws Exception {
            socket.on("map:change", (args, ack) -> apply(args.getMap(0)));
            Map<String, Object> snap = Node.call(socket, "map:subscribe", Map.of("map", map));
            synchronized (this) {
                ((Map<String, Object>) snap.get("entries")).forEach((k, e) -> state.put(k,
                        ((Map<String, Object>) e).get("value")));
                seq = ((Number) snap.get("seq")).longValue();
            }
        }

        synchronized void apply(Map<String, Object> c) {
            long s = ((Number) c.get("seq")).longValue();
            assertThat(s).isEqualTo(seq + 1); // no gap, no duplicate: the server orders snapshot and changes
            seq = s;
            if (Boolean.TRUE.equals(c.get("deleted"))) {
                state.remove((String) c.get("key"));
            } else {
                state.put((String) c.get("key"), c.get("value"));
            }
        }

        synchronized Map<String, Object> state() {
            return new HashMap<>(state);
        }
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void concurrentWritersConvergeOnEveryNodeAndJoinersGetSnapshotPlusChanges(boolean onRedis) throws Exception {
        List<Node> n = cluster(onRedis, options().build());
        Node a = n.get(0);
        Node b = n.get(1);
        Replica early = new Replica(a.connect("ann"), "todo:list");
        List<CompletableFuture<SyncMapEntry>> writes = new ArrayList<>();
        Replica[] late = new Replica[1];
        for (int i = 0; i < 300; i++) {
            String key = "k" + (i % 7);
            writes.add(a.sync.mapSet("todo:list", key, Map.of("from", "a", "i", i)));
            writes.add(b.sync.mapSet("todo:list", key, Map.of("from", "b", "i", i)));
            if (i % 50 == 49) {
                writes.add(b.sync.mapDelete("todo:list", "k" + (i % 3)));
            }
            if (i == 150) {
                late[0] = new Replica(b.connect("bob"), "todo:list"); // joins in the middle
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        Map<String, Object> truth = new HashMap<>();
        for (SyncMapEntry e : b.sync.mapEntries("todo:list").get(5, TimeUnit.SECONDS)) {
            truth.put(e.key(), e.value());
        }
        assertThat(a.sync.mapEntries("todo:list").get(5, TimeUnit.SECONDS)).extracting(SyncMapEntry::value)
                .containsExactlyElementsOf(b.sync.mapEntries("todo:list").get(5, TimeUnit.SECONDS).stream()
                        .map(SyncMapEntry::value).toList());
        await().atMost(Duration.ofSeconds(10)).until(() -> early.state().equals(truth) && late[0].state()
                .equals(truth));
        // the winner of each key is the write with the greatest stamp
        Map<String, String> best = new HashMap<>();
        for (CompletableFuture<SyncMapEntry> w : writes) {
            SyncMapEntry e = w.join();
            best.merge(e.key(), e.stamp(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
        }
        for (SyncMapEntry e : a.sync.mapEntries("todo:list").get(5, TimeUnit.SECONDS)) {
            assertThat(e.stamp()).isEqualTo(best.get(e.key()));
        }
    }

    @Test
    void theMergeIsDeterministicWhateverTheArrivalOrder() throws Exception {
        List<MapWrite> writes = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            String stamp = String.format("%013d.%06d.%s", 1_000 + random.nextInt(50), random.nextInt(3),
                    "node" + random.nextInt(3));
            writes.add(new MapWrite("k" + random.nextInt(5), random.nextInt(4) == 0 ? null : "\"v" + i + "\"", stamp,
                    -1, 100, "0"));
        }
        Map<String, MapChange> first = null;
        for (int round = 0; round < 5; round++) {
            List<MapWrite> shuffled = new ArrayList<>(writes);
            Collections.shuffle(shuffled, new Random(round));
            SyncStore store = SyncStores.inMemory();
            for (MapWrite w : shuffled) {
                store.mapWrite("m", w).get();
            }
            Map<String, MapChange> result = new LinkedHashMap<>();
            for (MapChange c : store.mapRead("m", "0").get().entries()) {
                result.put(c.key(), new MapChange("m", 0, c.key(), c.json(), c.stamp(), 0));
            }
            if (first == null) {
                first = result;
            } else {
                assertThat(result).isEqualTo(first);
            }
            store.close();
        }
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void tombstonesKeepOlderWritesOutAndAreCollectedAfterTheirTtl(boolean onRedis) throws Exception {
        List<Node> n = cluster(onRedis, options().maxMapKeys(3).tombstoneTtl(Duration.ofMillis(1500)).build());
        Node a = n.get(0);
        a.sync.mapSet("todo:t", "a", 1).get(5, TimeUnit.SECONDS);
        a.sync.mapSet("todo:t", "b", 2).get(5, TimeUnit.SECONDS);
        a.sync.mapSet("todo:t", "c", 3).get(5, TimeUnit.SECONDS);
        SyncMapEntry deleted = a.sync.mapDelete("todo:t", "a").get(5, TimeUnit.SECONDS);
        assertThat(deleted.value()).isNull();
        assertThat(a.sync.mapEntries("todo:t").get(5, TimeUnit.SECONDS)).extracting(SyncMapEntry::key)
                .containsExactly("b", "c");
        assertThatThrownBy(() -> a.sync.mapSet("todo:t", "d", 4).get(5, TimeUnit.SECONDS)).cause()
                .satisfies(e -> assertThat(((SyncException) e).error()).isEqualTo(SyncError.LIMIT_EXCEEDED));
        Thread.sleep(1700); // the tombstone of "a" is collected: room for "d"
        assertThat(a.sync.mapSet("todo:t", "d", 4).get(5, TimeUnit.SECONDS).version()).isEqualTo(1);
    }

    @ParameterizedTest(name = "redis={0}")
    @ValueSource(booleans = {false, true})
    void compareAndSetMapsCheckTheVersion(boolean onRedis) throws Exception {
        List<Node> n = cluster(onRedis, options().build());
        Node a = n.get(0);
        Node b = n.get(1);
        assertThat(a.sync.mapCompareAndSet("cas:todo", "x", 0, "one").get(5, TimeUnit.SECONDS).version())
                .isEqualTo(1);
        assertThatThrownBy(() -> b.sync.mapCompareAndSet("cas:todo", "x", 0, "two").get(5, TimeUnit.SECONDS))
                .cause().satisfies(e -> assertThat(((SyncException) e).error()).isEqualTo(SyncError.CONFLICT));
        assertThat(b.sync.mapCompareAndSet("cas:todo", "x", 1, "two").get(5, TimeUnit.SECONDS).version())
                .isEqualTo(2);
        ClientSocket s = a.connect("ann");
        assertThat(Node.errorCode(Node.call(s, "map:set", Map.of("map", "cas:todo", "key", "x", "value", "3",
                "version", 1)))).isEqualTo("conflict");
        assertThat(Node.call(s, "map:set", Map.of("map", "cas:todo", "key", "x", "value", "3", "version", 2)))
                .containsEntry("ok", true).containsEntry("version", 3);
        assertThat(Node.errorCode(Node.call(s, "map:set", Map.of("map", "cas:todo", "key", "x", "value", "3"))))
                .isEqualTo("bad_request"); // version required
        assertThat(Node.call(s, "map:delete", Map.of("map", "cas:todo", "key", "x", "version", 3)))
                .containsEntry("version", 4);
        assertThat(a.sync.mapEntries("cas:todo").get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void badInputHasADocumentedError() throws Exception {
        Node a = cluster(false, options().authorizer((socket, action, room) -> action != SyncAction.WRITE_MAP
                || !room.equals("todo:ro")).maxDataBytes(20).build()).get(0);
        ClientSocket s = a.connect("ann");
        assertThat(Node.errorCode(Node.call(s, "map:subscribe", Map.of("map", "nope")))).isEqualTo("not_a_map");
        assertThat(Node.errorCode(Node.call(s, "map:set", Map.of("map", "todo:ro", "key", "k", "value", 1))))
                .isEqualTo("forbidden");
        assertThat(Node.errorCode(Node.call(s, "map:set", Map.of("map", "todo:x", "key", "k"))))
                .isEqualTo("bad_request");
        assertThat(Node.errorCode(Node.call(s, "map:set", Map.of("map", "todo:x", "value", 1))))
                .isEqualTo("bad_request");
        assertThat(Node.errorCode(Node.call(s, "map:set", Map.of("map", "todo:x", "key", "k", "value",
                "x".repeat(30))))).isEqualTo("too_large");
        assertThat(Node.errorCode(Node.call(s, "map:set", Map.of("map", "todo:x", "key", "k".repeat(201), "value",
                1)))).isEqualTo("limit_exceeded");
        assertThat(Node.errorCode(Node.call(s, "map:set", Map.of("map", "cas:x", "key", "k", "value", 1,
                "version", -1)))).isEqualTo("bad_request");
        assertThat(Node.errorCode(Node.call(s, "map:subscribe", "x"))).isEqualTo("bad_request");
        assertThatThrownBy(() -> a.sync.mapSet("cas:x", "k", 1).get(5, TimeUnit.SECONDS)).cause()
                .satisfies(e -> assertThat(((SyncException) e).error()).isEqualTo(SyncError.BAD_REQUEST));
    }

    @Test
    void theJavaClientsMapViewFollowsTheMapAndWritesThroughIt() throws Exception {
        List<Node> n = cluster(true, options().build());
        Node a = n.get(0);
        Node b = n.get(1);
        a.sync.mapSet("todo:v", "one", "first").get(5, TimeUnit.SECONDS);
        ClientSocket s = a.connect("ann");
        io.zapsocket.sync.client.MapView view = io.zapsocket.sync.client.MapView.follow(s, "todo:v", e -> { });
        await().atMost(Duration.ofSeconds(5)).until(() -> view.entries().size() == 1);
        b.sync.mapSet("todo:v", "two", Map.of("done", false)).get(5, TimeUnit.SECONDS);
        assertThat(view.set("three", 3).get(5, TimeUnit.SECONDS).getMap(0)).containsEntry("applied", true);
        b.sync.mapDelete("todo:v", "one").get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> view.entries().size() == 2);
        assertThat(view.entries()).extracting(SyncMapEntry::key).containsExactly("three", "two");
        assertThat(view.entries()).extracting(SyncMapEntry::value).containsExactly(3, Map.of("done", false));
        s.disconnect();
        b.sync.mapSet("todo:v", "four", 4).get(5, TimeUnit.SECONDS); // while away: in the next snapshot
        s.connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> view.entries().size() == 3);
        ClientSocket c = a.connect("bob");
        io.zapsocket.sync.client.MapView cas = io.zapsocket.sync.client.MapView.follow(c, "cas:v", e -> { });
        assertThat(cas.compareAndSet("k", 0, "v1").get(5, TimeUnit.SECONDS).getMap(0)).containsEntry("version", 1);
        assertThat(Node.errorCode(cas.compareAndSet("k", 0, "v1").get(5, TimeUnit.SECONDS).getMap(0)))
                .isEqualTo("conflict");
        await().atMost(Duration.ofSeconds(5)).until(() -> cas.entries().size() == 1);
        view.close();
        cas.close();
    }
}
