package io.zapsocket.interop;

import java.io.IOException;
import java.util.List;

/** Two Zap-Socket nodes (separate JVMs) on the sharded pub/sub adapter (SPUBLISH/SSUBSCRIBE, Redis 7). */
class ZapShardedClusterIT extends ClusterContract {
    @Override
    protected List<ClusterNodeProcess> startNodes(RedisServer redis) throws IOException {
        return List.of(ClusterNodeProcess.zap("zap-a", redis, "sharded", false),
                ClusterNodeProcess.zap("zap-b", redis, "sharded", false));
    }
}
