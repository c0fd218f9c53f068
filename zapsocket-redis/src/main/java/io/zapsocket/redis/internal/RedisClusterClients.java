package io.zapsocket.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.AsyncExecutions;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.zapsocket.redis.RedisAdapterOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis Cluster side of a {@link RedisLink}: two Lettuce cluster clients (one that reconnects by itself, one for
 * the connections the stream reader replaces itself), a client for the stream publisher's connections to a single
 * node, and what only a cluster needs: the slot map,
 * a watch on the master of a key's slot, and subscriber counts summed over the nodes.
 */
final class RedisClusterClients {
    private static final Logger log = LoggerFactory.getLogger(RedisClusterClients.class);

    private final RedisClusterClient main;
    private final RedisClusterClient plain;
    /** For connections to one node (the stream publisher's): no routing, no reconnection, no buffering. */
    private final RedisClient node;
    private final RedisURI seed;
    private volatile boolean mainSlotMapLoaded;

    RedisClusterClients(ClientResources resources, RedisAdapterOptions options,
                        RedisConnectionStateListener stateListener) {
        List<RedisURI> seeds = options.clusterSeeds().stream().map(RedisURI::create).toList();
        this.main = RedisClusterClient.create(resources, seeds);
        this.plain = RedisClusterClient.create(resources, seeds);
        main.setOptions(clusterOptions(options, true));
        plain.setOptions(clusterOptions(options, false));
        this.seed = seeds.get(0);
        this.node = RedisClient.create(resources);
        node.setOptions(RedisLink.common(ClientOptions.builder(), options, false).build());
        main.addListener(stateListener);
    }

    /**
     * As a single Redis's client options, plus the slot map: read again every {@code topologyRefreshPeriod}, and on
     * MOVED, ASK, persistent reconnections and unknown nodes (at most once a second).
     */
    private static ClusterClientOptions clusterOptions(RedisAdapterOptions options, boolean autoReconnect) {
        ClusterClientOptions.Builder b = ClusterClientOptions.builder();
        RedisLink.common(b, options, autoReconnect);
        // node connections open lazily: their first command must wait for them (a lost one still fails its
        // commands, as it is not reconnected)
        b.disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
        return b.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(options.topologyRefreshPeriod())
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                        .closeStaleConnections(true)
                        .build())
                .build();
    }

    /** A connection of the main client ({@code reconnecting}) or of the plain one (with a fresh slot map). */
    CompletableFuture<RedisConn> connect(boolean reconnecting) {
        RedisClusterClient cc = reconnecting ? main : plain;
        return slotMap(cc, !reconnecting)
                .thenCompose(v -> cc.connectAsync(RedisLink.CODEC))
                .thenApply(c -> new RedisConn(c, c.async()));
    }

    /**
     * A connection to the node that is the master of {@code key}'s slot in the slot map as it is now: commands on it
     * go to that node only, in order (no MOVED/ASK redirection, no routing by a slot map that changes under them), and
     * fail at once when it breaks (no buffering while disconnected, no reconnection). A node that is no longer the
     * master answers MOVED.
     */
    CompletableFuture<RedisConn> connectToMasterOf(String key) {
        return plain.refreshPartitionsAsync().toCompletableFuture().thenCompose(v -> {
            RedisClusterNode n = plain.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
            if (n == null || n.getUri() == null) {
                return CompletableFuture.failedFuture(new RedisException("no master serves the slot of " + key));
            }
            RedisURI uri = RedisURI.builder(seed).withHost(n.getUri().getHost()).withPort(n.getUri().getPort())
                    .build();
            return node.connectAsync(RedisLink.CODEC, uri).toCompletableFuture()
                    .thenApply(c -> new RedisConn(c, c.async()));
        });
    }

    CompletableFuture<StatefulRedisClusterPubSubConnection<String, byte[]>> connectPubSub() {
        return slotMap(main, false).thenCompose(v -> main.connectPubSubAsync(RedisLink.CODEC));
    }

    /** Reads the main client's slot map again now. */
    CompletableFuture<Void> refreshSlotMap() {
        return main.refreshPartitionsAsync().toCompletableFuture();
    }

    /**
     * Reads the slot map of {@code cc} before its first connection (Lettuce's asynchronous connect needs one), and
     * again when {@code fresh} (a connection that replaces a failed one: the map as it is now). The main client's map
     * is kept fresh by the periodic and adaptive refreshes.
     */
    private CompletableFuture<Void> slotMap(RedisClusterClient cc, boolean fresh) {
        if (!fresh && cc == main && mainSlotMapLoaded) {
            return CompletableFuture.completedFuture(null);
        }
        return cc.refreshPartitionsAsync().toCompletableFuture().thenRun(() -> {
            if (cc == main) {
                mainSlotMapLoaded = true;
            }
        });
    }

    /**
     * Runs {@code action} (on {@code timer}) whenever the master serving {@code key}'s slot changes (failover or
     * migration), as the main client's slot map tells (checked every 250 ms). A command blocked on a master that died
     * would otherwise wait for its timeout. Returns a handle that stops watching.
     */
    Runnable onMasterChange(String key, Runnable action, ScheduledExecutorService timer) {
        int slot = SlotHash.getSlot(key);
        String[] last = {null};
        var f = timer.scheduleWithFixedDelay(() -> {
            try {
                RedisClusterNode n = main.getPartitions().getMasterBySlot(slot);
                String id = n == null ? null : n.getNodeId();
                if (id != null && last[0] != null && !id.equals(last[0])) {
                    log.info("{}: the master of its slot is now {}", key, n.getUri());
                    action.run();
                }
                if (id != null) {
                    last[0] = id;
                }
            } catch (RuntimeException e) {
                log.debug("slot owner check of {} failed: {}", key, e.toString());
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    /**
     * A node of a cluster counts only its own subscribers: the sum over every node not marked failed (as Node's
     * adapter sums over the nodes it knows). A node that does not answer counts 0.
     */
    @SuppressWarnings("unchecked")
    static CompletableFuture<Integer> numsub(RedisClusterAsyncCommands<String, byte[]> c, String channel,
                                             boolean sharded) {
        var nodes = ((RedisAdvancedClusterAsyncCommands<String, byte[]>) c).nodes(n ->
                !n.is(RedisClusterNode.NodeFlag.FAIL) && !n.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)
                        && !n.is(RedisClusterNode.NodeFlag.NOADDR)).commands();
        AsyncExecutions<Map<String, Long>> ex = sharded ? nodes.pubsubShardNumsub(channel)
                : nodes.pubsubNumsub(channel);
        CompletableFuture<Integer> sum = CompletableFuture.completedFuture(0);
        for (CompletableFuture<Map<String, Long>> f : ex.futures()) {
            CompletableFuture<Integer> one = f.thenApply(m -> {
                Long n = m.get(channel);
                return n == null ? 0 : n.intValue();
            }).exceptionally(e -> 0);
            sum = sum.thenCombine(one, Integer::sum);
        }
        return sum;
    }

    /**
     * Shuts the three clients down (their connections first). The topology refreshes stop before: each connects to
     * every node.
     */
    CompletableFuture<Void> shutdown() {
        main.suspendTopologyRefresh();
        plain.suspendTopologyRefresh();
        return node.shutdownAsync(0, 2, TimeUnit.SECONDS)
                .thenCompose(v -> plain.shutdownAsync(0, 2, TimeUnit.SECONDS))
                .thenCompose(v -> main.shutdownAsync(0, 2, TimeUnit.SECONDS));
    }
}
