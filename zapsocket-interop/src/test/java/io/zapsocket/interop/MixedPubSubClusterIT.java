package io.zapsocket.interop;

import java.io.IOException;
import java.util.List;

/**
 * A mixed cluster: one Zap-Socket node and one Node socket.io 4.8 node with {@code @socket.io/redis-adapter} 8.3 on
 * the same Redis. Every operation runs from both sides (broadcasts with binary, fetchSockets, socketsJoin/Leave,
 * disconnectSockets, serverSideEmit with and without acks, broadcasts with acks).
 */
class MixedPubSubClusterIT extends ClusterContract {
    @Override
    protected List<ClusterNodeProcess> startNodes(RedisServer redis) throws IOException {
        return List.of(ClusterNodeProcess.zap("zap", redis, "pubsub", false),
                ClusterNodeProcess.node("node", redis, "pubsub", false));
    }
}
