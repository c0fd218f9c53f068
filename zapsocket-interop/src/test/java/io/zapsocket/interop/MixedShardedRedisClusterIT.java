package io.zapsocket.interop;

import io.zapsocket.testkit.RedisClusterProcess;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * A mixed cluster on a real Redis Cluster (3 masters + 3 replicas, {@link RedisClusterProcess}): one Zap-Socket node
 * (Lettuce cluster client, sharded adapter) and one Node socket.io 4.8 node with {@code createShardedAdapter} of
 * {@code @socket.io/redis-adapter} 8.3 on the {@code redis} package's {@code createCluster}. Each room's channel
 * lives on the master of its slot; every contract operation runs from both sides.
 */
class MixedShardedRedisClusterIT extends ClusterContract {
    private RedisClusterProcess redisCluster;

    @Override
    protected boolean usesRedis() {
        return false;
    }

    @Override
    protected List<ClusterNodeProcess> startNodes(RedisServer unused) throws IOException {
        redisCluster = RedisClusterProcess.start();
        String seeds = String.join(",", redisCluster.uris());
        return List.of(ClusterNodeProcess.zapOnRedisCluster("zap", seeds, "sharded"),
                ClusterNodeProcess.nodeOnRedisCluster("node", seeds, "sharded"));
    }

    @AfterAll
    @Override
    void stopCluster() {
        super.stopCluster();
        if (redisCluster != null) {
            redisCluster.close();
        }
    }
}
