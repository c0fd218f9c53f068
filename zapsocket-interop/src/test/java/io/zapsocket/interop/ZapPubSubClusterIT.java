package io.zapsocket.interop;

import java.io.IOException;
import java.util.List;

/** Three Zap-Socket nodes (separate JVMs) on the classic pub/sub adapter. */
class ZapPubSubClusterIT extends ClusterContract {
    @Override
    protected List<ClusterNodeProcess> startNodes(RedisServer redis) throws IOException {
        return List.of(ClusterNodeProcess.zap("zap-a", redis, "pubsub", false),
                ClusterNodeProcess.zap("zap-b", redis, "pubsub", false),
                ClusterNodeProcess.zap("zap-c", redis, "pubsub", false));
    }
}
