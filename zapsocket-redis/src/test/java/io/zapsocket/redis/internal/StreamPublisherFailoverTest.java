package io.zapsocket.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.redis.RedisAdapterOptions;
import io.zapsocket.testkit.RedisClusterProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stream publisher on a Redis Cluster whose stream master is killed: an entry published while the slot has no
 * master is appended before one published after the failover, whatever the slot maps say meanwhile. Through Lettuce's
 * routing cluster connection (the publisher before), the first one waited in the dead node's buffer for its command
 * timeout while the second, routed by a refreshed slot map, reached the new master at once: the stream held them in
 * the wrong order (and readers dropping older numbers as copies lost the first: CI missed 101-240 of the failover test
 * once).
 */
class StreamPublisherFailoverTest {
    private RedisClusterProcess cluster;
    private RedisLink link;

    @AfterEach
    void stop() {
        if (link != null) {
            link.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<String, byte[]> entry(String n) {
        return Map.of("n", n.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEntryPublishedDuringTheFailoverIsAppendedBeforeOnePublishedAfterIt() throws Exception {
        cluster = RedisClusterProcess.start();
        RedisAdapterOptions o = RedisAdapterOptions.clusterBuilder(cluster.uris().toArray(new String[0]))
                // no periodic slot map: the new master is learnt only when a connection is opened again; and a long
                // command timeout: an entry held for the dead master would wait for it
                .topologyRefreshPeriod(Duration.ofHours(1))
                .commandTimeout(Duration.ofSeconds(20))
                .build();
        link = new RedisLink(o, "publisher-failover");
        StreamPublisher publisher = new StreamPublisher(link);
        String stream = o.streamName();
        publisher.xadd(stream, entry("before")).get(15, TimeUnit.SECONDS);
        int master = cluster.masterOf(stream);

        cluster.kill9(master);
        Thread.sleep(300);
        CompletableFuture<String> during = publisher.xadd(stream, entry("during"));
        int now = cluster.awaitFailover(stream, master, 20_000);
        assertThat(now).isNotEqualTo(master);
        // the cluster client reads the slot map again (as the stream reader's next connection does)
        link.plainConnection().get(15, TimeUnit.SECONDS).closeAsync();
        CompletableFuture<String> after = publisher.xadd(stream, entry("after"));
        after.get(30, TimeUnit.SECONDS);
        during.get(30, TimeUnit.SECONDS);

        List<String> order = new ArrayList<>();
        String[] lines = cluster.cli(now, "XRANGE", stream, "-", "+").split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].trim().equals("n") && !order.contains(lines[i + 1].trim())) {
                order.add(lines[i + 1].trim());
            }
        }
        assertThat(order).as("first copies in stream order").containsSubsequence("during", "after");
    }
}
