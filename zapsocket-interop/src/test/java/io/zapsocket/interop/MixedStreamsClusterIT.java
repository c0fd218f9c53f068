package io.zapsocket.interop;

import java.io.IOException;
import java.util.List;

/**
 * A mixed cluster: one Zap-Socket node and one Node socket.io 4.8 node with
 * {@code @socket.io/redis-streams-adapter} 0.3.1 on the same Redis, connection state recovery on: besides the
 * cluster contract, a client moves from the Zap node to the Node node and back, recovering each time.
 */
class MixedStreamsClusterIT extends RecoveringClusterContract {
    @Override
    protected List<ClusterNodeProcess> startNodes(RedisServer redis) throws IOException {
        return List.of(ClusterNodeProcess.zap("zap", redis, "streams", true),
                ClusterNodeProcess.node("node", redis, "streams", true));
    }
}
