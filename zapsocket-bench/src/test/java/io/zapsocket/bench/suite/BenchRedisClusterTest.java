package io.zapsocket.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's Redis Cluster starts 3 masters that serve every slot, and {@code close} stops them all. */
class BenchRedisClusterTest {

    @Test
    void startsThreeMastersAndStopsThem() throws IOException {
        File log = Files.createTempFile("bench-redis-cluster", ".log").toFile();
        log.deleteOnExit();
        List<Integer> ports;
        try (BenchRedisCluster cluster = BenchRedisCluster.start("0-1", log)) {
            String[] seeds = cluster.seeds().split(",");
            assertEquals(BenchRedisCluster.MASTERS, seeds.length);
            ports = java.util.Arrays.stream(seeds).map(s -> Integer.parseInt(s.substring(s.lastIndexOf(':') + 1)))
                    .toList();
            ports.forEach(p -> assertTrue(accepts(p), "node on " + p));
            assertTrue(cluster.cpuNanos() > 0);
            assertEquals(BenchRedisCluster.MASTERS, cluster.shardChannelsPerNode().split(" ").length);
        }
        ports.forEach(p -> assertFalse(accepts(p), "node on " + p + " still up"));
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
