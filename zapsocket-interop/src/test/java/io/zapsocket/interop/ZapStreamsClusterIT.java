package io.zapsocket.interop;

import java.io.IOException;
import java.util.List;

/** Two Zap-Socket nodes (separate JVMs) on the Streams adapter, with connection state recovery. */
class ZapStreamsClusterIT extends RecoveringClusterContract {
    @Override
    protected List<ClusterNodeProcess> startNodes(RedisServer redis) throws IOException {
        return List.of(ClusterNodeProcess.zap("zap-a", redis, "streams", true),
                ClusterNodeProcess.zap("zap-b", redis, "streams", true));
    }
}
