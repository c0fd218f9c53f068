package io.zapsocket.redis.internal;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sharded pub/sub on a Redis Cluster: each channel is {@code SSUBSCRIBE}d on the master that serves its slot now
 * ({@code CLUSTER KEYSLOT}, as Redis and Node's cluster clients compute it), through the cluster pub/sub connection's
 * per-node connection. Messages of the node connections reach the cluster listener (node message propagation).
 *
 * <p>A subscription follows its slot: every {@code period} (and at once when a node tells it unsubscribed a channel,
 * which Redis does when the slot moved away), the slot map is compared with where each channel is subscribed, and a
 * channel whose slot has a new master (failover: master killed, replica promoted; or slot migration) is subscribed
 * there and unsubscribed from the old node (queued, if that node is unreachable, so it does not come back twice).
 * What is published to a channel between the failure and the new subscription is lost (at-most-once, as any pub/sub).
 */
final class ShardedSubscriptions {
    private static final Logger log = LoggerFactory.getLogger(ShardedSubscriptions.class);

    private final StatefulRedisClusterPubSubConnection<String, byte[]> pubsub;
    private final Supplier<CompletableFuture<Void>> refreshTopology;
    /** channel -> node id where it is subscribed ("" while not subscribed anywhere). */
    private final Map<String, String> channels = new ConcurrentHashMap<>();
    /** Subscriptions not confirmed by a master yet. */
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ShardedSubscriptions(StatefulRedisClusterPubSubConnection<String, byte[]> pubsub,
                         Supplier<CompletableFuture<Void>> refreshTopology) {
        this.pubsub = pubsub;
        this.refreshTopology = refreshTopology;
        pubsub.setNodeMessagePropagation(true);
    }

    /**
     * Subscribes on the master of the channel's slot; completes once a master confirmed (if the slot has no
     * master yet, e.g. during a failover, once the periodic check found one).
     */
    CompletableFuture<Void> subscribe(String channel) {
        String at = channels.putIfAbsent(channel, "");
        if (at != null && !at.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = waiting.computeIfAbsent(channel, c -> new CompletableFuture<>());
        subscribeOnOwner(channel);
        return done;
    }

    CompletableFuture<Void> unsubscribe(String channel) {
        CompletableFuture<Void> w = waiting.remove(channel);
        if (w != null) {
            w.complete(null);
        }
        String node = channels.remove(channel);
        if (node == null || node.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return pubsub.getConnectionAsync(node).thenCompose(c -> c.async().sunsubscribe(channel).toCompletableFuture())
                .exceptionally(e -> null);
    }

    private synchronized CompletableFuture<Void> subscribeOnOwner(String channel) {
        RedisClusterNode owner = owner(channel);
        if (owner == null) {
            log.debug("no master serves the slot of {} (yet): subscribed by a later check", channel);
            return CompletableFuture.completedFuture(null);
        }
        String id = owner.getNodeId();
        String before = channels.get(channel);
        if (before == null || id.equals(before)) {
            return CompletableFuture.completedFuture(null); // unsubscribed meanwhile, or already there
        }
        channels.put(channel, id);
        if (!before.isEmpty()) {
            pubsub.getConnectionAsync(before).thenAccept(old -> old.async().sunsubscribe(channel));
        }
        CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> conn = pubsub.getConnectionAsync(id);
        return conn.thenCompose(c -> c.async().ssubscribe(channel).toCompletableFuture()).whenComplete((v, e) -> {
            if (e != null) {
                log.debug("SSUBSCRIBE {} on {} failed: {}", channel, owner.getUri(), e.toString());
                channels.replace(channel, id, ""); // retried by the next check
            } else {
                CompletableFuture<Void> w = waiting.remove(channel);
                if (w != null) {
                    w.complete(null);
                }
            }
        });
    }

    private RedisClusterNode owner(String channel) {
        Partitions partitions = pubsub.getPartitions();
        RedisClusterNode n = partitions.getMasterBySlot(SlotHash.getSlot(channel));
        return n == null || n.is(RedisClusterNode.NodeFlag.FAIL) || n.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)
                ? null : n;
    }

    /** Moves every channel whose slot has another master now; returns how many moved. */
    int check() {
        if (closed) {
            return 0;
        }
        int moved = 0;
        for (Map.Entry<String, String> e : channels.entrySet()) {
            RedisClusterNode owner = owner(e.getKey());
            if (owner != null && !owner.getNodeId().equals(e.getValue())) {
                if (!e.getValue().isEmpty()) {
                    log.info("sharded channel {}: its slot moved to {}, subscribing there", e.getKey(),
                            owner.getUri());
                }
                subscribeOnOwner(e.getKey());
                moved++;
            }
        }
        return moved;
    }

    /** A node said {@code channel} is unsubscribed: if that was not asked for, the slot moved; follow it. */
    void onUnsubscribed(RedisClusterNode node, String channel) {
        if (closed || node == null || !node.getNodeId().equals(channels.get(channel))) {
            return;
        }
        log.info("sharded channel {}: unsubscribed by {} (slot moved), subscribing again", channel, node.getUri());
        channels.replace(channel, node.getNodeId(), "");
        refreshTopology.get().whenComplete((v, e) -> check());
    }

    /** Runs {@link #check()} every {@code period} on {@code link}'s timer. */
    void start(RedisLink link, Duration period) {
        link.timer().scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                log.debug("sharded subscription check failed: {}", e.toString());
            }
        }, period.toMillis(), period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void close() {
        closed = true;
        waiting.values().forEach(f -> f.cancel(false));
        waiting.clear();
    }
}
