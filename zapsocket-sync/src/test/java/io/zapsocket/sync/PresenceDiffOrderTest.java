package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Presence diffs leave the server in version order: many sockets (on different event loops) track and untrack at
 * once, and every subscriber gets the diffs 1, 2, 3, ... in order, each once, ending in the store's state. Before the
 * diffs were sent from a single ordered thread, a diff made on a subscriber's own event loop was written at once while
 * an older one made on another thread waited in that loop's queue, so subscribers saw some in reverse order.
 */
class PresenceDiffOrderTest {
    private final List<Node> nodes = new ArrayList<>();
    private RedisProcess redis;

    @AfterEach
    void stop() throws Exception {
        try {
            for (Node n : nodes) {
                n.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void concurrentTracksAndUntracksReachEverySubscriberInVersionOrder() throws Exception {
        nodes.add(new Node(SyncStores.inMemory(), SyncOptions.defaults()));
        run();
    }

    @Test
    void onRedisTooWithTwoNodes() throws Exception {
        redis = RedisProcess.start();
        for (int i = 0; i < 2; i++) {
            nodes.add(new Node(SyncStores.redis(redis.uri(), SyncOptions.defaults()), SyncOptions.defaults()));
        }
        run();
    }

    /** Watchers and members spread over the nodes. */
    private void run() throws Exception {
        int watchers = 4;
        int members = 12;
        int rounds = 15;
        List<List<Long>> seen = new ArrayList<>();
        for (int i = 0; i < watchers; i++) {
            List<Long> versions = new CopyOnWriteArrayList<>();
            seen.add(versions);
            ClientSocket w = nodes.get(i % nodes.size()).connect("watcher" + i);
            w.on("presence:diff", (args, ack) -> versions.add(((Number) args.getMap(0).get("version")).longValue()));
            assertThat(Node.call(w, "presence:subscribe", Map.of("room", "lobby"))).containsEntry("version", 0);
        }
        List<ClientSocket> tabs = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            tabs.add(nodes.get(i % nodes.size()).connect("user" + i));
        }
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (ClientSocket tab : tabs) {
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        Node.call(tab, "presence:track", Map.of("room", "lobby", "meta", Map.of("r", r)));
                        Node.call(tab, "presence:untrack", Map.of("room", "lobby"));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long total = 2L * members * rounds;
        for (List<Long> versions : seen) {
            await().atMost(Duration.ofSeconds(10)).until(() -> versions.size() >= total);
            List<Long> expected = new ArrayList<>();
            for (long v = 1; v <= total; v++) {
                expected.add(v);
            }
            assertThat(versions).as("diff versions a subscriber received").isEqualTo(expected);
        }
        for (Node n : nodes) {
            assertThat(n.sync.presence("lobby").get(5, TimeUnit.SECONDS)).isEmpty();
        }
    }
}
