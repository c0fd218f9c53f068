package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.testkit.RedisClusterProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the master of a stream's slot in the middle of a publish run, on a cluster without AOF whose
 * replicas are asynchronous: measures (and prints) what is lost; asserts only that publishing resumes on the promoted
 * replica and that what is lost is accounted for.
 */
class SyncRedisClusterFailoverTest {
    private RedisClusterProcess cluster;
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (Node n : nodes) {
            n.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killing9TheMasterOfAStreamInTheMiddleOfAPublishRun() throws Exception {
        cluster = RedisClusterProcess.start();
        SyncOptions o = SyncOptions.builder().streamRooms(Pattern.compile("chat:.*")).historySize(10_000)
                .heartbeatInterval(Duration.ofMillis(300)).nodeTimeout(Duration.ofSeconds(5))
                .storeTimeout(Duration.ofSeconds(2)).build();
        Node a = new Node(SyncStores.redisCluster(cluster.uris(), o), o);
        nodes.add(a);
        Node b = new Node(SyncStores.redisCluster(cluster.uris(), o), o);
        nodes.add(b);
        String stream = "chat:failover";
        Follower onB = new Follower(stream);
        ClientSocket sb = b.connect("bob");
        onB.attach(sb);
        onB.subscribe(sb, null);

        int master = cluster.masterOf("zsync:{s:" + stream + "}");
        Map<Integer, Long> acked = new HashMap<>(); // i -> offset
        int failed = 0;
        long start = System.nanoTime();
        long killedAt = 0;
        int i = 0;
        int ackedBeforeKill = 0;
        // 8 s, and on until one publish after the kill is acknowledged (failed publishes each wait up to 3 s, and
        // a failover may outlast the 6 s after the kill), at most 30 s
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8)
                || (acked.size() == ackedBeforeKill && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30))) {
            if (killedAt == 0 && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(2)) {
                ackedBeforeKill = acked.size();
                cluster.kill9(master);
                killedAt = System.nanoTime();
            }
            try {
                Publication p = a.sync.publish(stream, Map.of("i", i)).get(3, TimeUnit.SECONDS);
                acked.put(i, p.offset());
            } catch (Exception e) {
                failed++;
            }
            i++;
            Thread.sleep(5);
        }
        int newMaster = cluster.awaitFailover("zsync:{s:" + stream + "}", master, 15_000);
        // publishing resumes on the promoted replica
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> a.sync.publish(stream, Map.of("i", -1)).get(2, TimeUnit.SECONDS) != null);

        Map<Long, Object> byOffset = new HashMap<>();
        HistoryPage page;
        long after = 0;
        String epoch;
        do {
            page = a.sync.history(stream, after, 1000, null).get(5, TimeUnit.SECONDS);
            epoch = page.epoch();
            for (Publication p : page.publications()) {
                byOffset.put(p.offset(), ((Map<?, ?>) p.data()).get("i"));
                after = p.offset();
            }
        } while (!page.publications().isEmpty());
        int lost = 0;
        int reused = 0;
        for (Map.Entry<Integer, Long> e : acked.entrySet()) {
            Object there = byOffset.get(e.getValue());
            if (there == null || ((Number) there).intValue() != e.getKey()) {
                lost++;
                if (there != null) {
                    reused++;
                }
            }
        }
        Thread.sleep(1000);
        System.out.printf("sync cluster failover: %d publish calls, %d acknowledged (%d before the kill), %d failed; "
                        + "master %d -> %d; acknowledged but not in history after failover: %d (offset reused by "
                        + "another publication: %d); history now %d entries, epoch changed: %s; follower on b got %d, "
                        + "gaps %d, duplicates %d, resync %s%n",
                i, acked.size(), ackedBeforeKill, failed, master, newMaster, lost, reused,
                byOffset.size(), !epoch.equals(onB.epoch), onB.size(), onB.gaps, onB.duplicates,
                onB.resync);
        assertThat(acked.size()).isGreaterThan(ackedBeforeKill);
        assertThat(lost).isLessThanOrEqualTo(acked.size());
    }
}
