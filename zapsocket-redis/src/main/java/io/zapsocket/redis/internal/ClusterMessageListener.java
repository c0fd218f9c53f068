package io.zapsocket.redis.internal;

import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubListener;

/**
 * On a Redis Cluster: the messages of the main pub/sub connection (classic channels and patterns) and of the
 * per-node connections (sharded channels), handed to the link at once; a node's unrequested {@code SUNSUBSCRIBE}
 * (its slot moved away) goes to {@link ShardedSubscriptions}.
 */
final class ClusterMessageListener implements RedisClusterPubSubListener<String, byte[]> {
    private final RedisLink link;
    private final ShardedSubscriptions shards;

    ClusterMessageListener(RedisLink link, ShardedSubscriptions shards) {
        this.link = link;
        this.shards = shards;
    }

    @Override
    public void message(RedisClusterNode node, String channel, byte[] message) {
        link.deliver(channel, message);
    }

    @Override
    public void message(RedisClusterNode node, String pattern, String channel, byte[] message) {
        link.deliverPattern(pattern, channel, message);
    }

    @Override
    public void smessage(RedisClusterNode node, String channel, byte[] message) {
        link.deliver(channel, message);
    }

    @Override
    public void sunsubscribed(RedisClusterNode node, String channel, long count) {
        shards.onUnsubscribed(node, channel);
    }

    @Override
    public void subscribed(RedisClusterNode node, String channel, long count) {
    }

    @Override
    public void psubscribed(RedisClusterNode node, String pattern, long count) {
    }

    @Override
    public void unsubscribed(RedisClusterNode node, String channel, long count) {
    }

    @Override
    public void punsubscribed(RedisClusterNode node, String pattern, long count) {
    }
}
