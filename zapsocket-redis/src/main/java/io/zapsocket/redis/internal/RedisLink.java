package io.zapsocket.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.zapsocket.redis.AdapterState;
import io.zapsocket.redis.RedisAdapterOptions;
import io.zapsocket.server.adapter.ClusterAdapter;
import io.zapsocket.server.adapter.MessageDispatcher;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis side of one adapter factory: a Lettuce client (cluster clients for a Redis Cluster:
 * {@link RedisClusterClients}), one multiplexed command connection, one pub/sub connection, and dedicated connections
 * for blocking stream reads. Every call is asynchronous and never blocks the caller; results complete on Lettuce's
 * threads, and messages are handed to the serial {@link MessageDispatcher}.
 *
 * <p>Resilience comes from Lettuce: the connections reconnect with an exponential delay (100 ms to 2 s), replay
 * subscriptions, and hold at most {@code maxQueuedCommands} commands while Redis is unreachable (beyond that a
 * command fails at once). The first connection is retried in the background until it succeeds, so a node can start
 * before Redis.
 *
 * <p>On a Redis Cluster, keyed commands (streams, sessions, {@code SPUBLISH}) go to the master of their slot and
 * follow {@code MOVED}/{@code ASK}; the slot map is read again every {@code topologyRefreshPeriod} and on redirects
 * and reconnections; sharded channels are subscribed per slot owner ({@link ShardedSubscriptions}); classic
 * channels are subscribed on one node (Redis propagates classic messages to every node), and the pub/sub
 * connection moves to another node when that one fails, subscriptions replayed.
 */
public final class RedisLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    /** How long {@link #close(Duration)} waits, after the grace period, for the clients and resources to stop. */
    private static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(6);
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisAdapterOptions options;
    private final ClientResources resources;
    private final LinkShutdown shutdown;
    private final RedisClient client;
    /** For connections this adapter re-establishes itself (no Lettuce reconnection, no command replay). */
    private final RedisClient plainClient;
    /** Instead of the two above on a Redis Cluster. */
    private final RedisClusterClients cluster;
    private volatile ShardedSubscriptions shards;
    private final MessageDispatcher dispatcher;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<RedisConn> commands = new CompletableFuture<>();
    private final CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> pubsub = new CompletableFuture<>();
    private final Map<String, CopyOnWriteArrayList<Consumer<byte[]>>> channelListeners = new ConcurrentHashMap<>();
    private final Map<String, CopyOnWriteArrayList<BiConsumer<String, byte[]>>> patternListeners =
            new ConcurrentHashMap<>();
    private final List<RedisConn> extra = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<AdapterState>> stateListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong commandFailures = new AtomicLong();
    private final java.util.concurrent.atomic.LongAdder requestTimeouts = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.AtomicInteger queuedCommands = new java.util.concurrent.atomic.AtomicInteger();
    private volatile AdapterState state = AdapterState.CONNECTING;
    private volatile boolean closed;

    public RedisLink(RedisAdapterOptions options, String name) {
        this.options = options;
        this.resources = ClientResources.builder()
                // on a cluster, one I/O thread: Lettuce reuses a node connection's handler for each reconnection
                // attempt, and attempts to a dead node on two threads can overlap and leak its read buffer
                .ioThreadPoolSize(options.cluster() ? 1 : 2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.shutdown = new LinkShutdown(resources);
        RedisConnectionStateListener stateListener = new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                updateState();
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                updateState();
            }
        };
        if (options.cluster()) {
            this.client = null;
            this.plainClient = null;
            this.cluster = new RedisClusterClients(resources, options, stateListener);
        } else {
            this.client = RedisClient.create(resources, RedisURI.create(options.uri()));
            this.plainClient = RedisClient.create(resources, RedisURI.create(options.uri()));
            this.cluster = null;
            client.setOptions(clientOptions(true));
            plainClient.setOptions(clientOptions(false));
            client.addListener(stateListener);
        }
        this.dispatcher = new MessageDispatcher(name, options.maxInboundBacklog());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-timer");
            t.setDaemon(true);
            return t;
        });
        connectCommands(0);
        connectPubSub(0);
    }

    /**
     * With {@code autoReconnect}: Lettuce reconnects, replays subscriptions and queues commands (bounded) while
     * disconnected. Without: a lost connection fails its commands, and the owner reconnects.
     */
    private ClientOptions clientOptions(boolean autoReconnect) {
        return common(ClientOptions.builder(), options, autoReconnect).build();
    }

    /** What a single Redis's and a cluster's clients share. */
    static ClientOptions.Builder common(ClientOptions.Builder b, RedisAdapterOptions options, boolean autoReconnect) {
        long commandMs = options.commandTimeout().toMillis();
        long xreadMs = commandMs + options.blockTime().toMillis();
        return b
                .autoReconnect(autoReconnect)
                .protocolVersion(ProtocolVersion.RESP2)
                .requestQueueSize(options.maxQueuedCommands())
                .disconnectedBehavior(autoReconnect ? ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS
                        : ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.builder().timeoutSource(new TimeoutOptions.TimeoutSource() {
                    @Override
                    public long getTimeout(RedisCommand<?, ?, ?> command) {
                        return command.getType() == CommandType.XREAD ? xreadMs : commandMs;
                    }
                }).build());
    }

    // ---------------------------------------------------------------- connections

    /** One connection that is not re-established by Lettuce: when it breaks, its commands fail. */
    public CompletableFuture<RedisConn> plainConnection() {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis adapter closed"));
        }
        return connect(false);
    }

    /**
     * A connection for appending to {@code key}: on a Redis Cluster, to the master of its slot only (see
     * {@link RedisClusterClients#connectToMasterOf}); elsewhere {@link #plainConnection()}.
     */
    public CompletableFuture<RedisConn> plainConnectionFor(String key) {
        return isCluster() && !closed ? cluster.connectToMasterOf(key) : plainConnection();
    }

    /**
     * On a Redis Cluster: runs {@code action} (on the link's timer) whenever the master serving {@code key}'s slot
     * changes (failover or migration). Returns a handle that stops watching. Elsewhere: nothing.
     */
    public Runnable onMasterChange(String key, Runnable action) {
        return isCluster() ? cluster.onMasterChange(key, action, timer) : () -> { };
    }

    /** Whether this link talks to a Redis Cluster. */
    public boolean isCluster() {
        return cluster != null;
    }

    private CompletableFuture<RedisConn> connect(boolean reconnecting) {
        if (isCluster()) {
            return cluster.connect(reconnecting);
        }
        return (reconnecting ? client : plainClient).connectAsync(CODEC, RedisURI.create(options.uri()))
                .thenApply(c -> new RedisConn(c, c.async())).toCompletableFuture();
    }

    private void connectCommands(int attempt) {
        if (closed) {
            return;
        }
        connect(true).whenComplete((c, e) -> {
            if (e != null) {
                retry("command connection", attempt, e, () -> connectCommands(attempt + 1));
                return;
            }
            if (closed) {
                c.closeAsync();
                return;
            }
            commands.complete(c);
            updateState();
        });
    }

    private void connectPubSub(int attempt) {
        if (closed) {
            return;
        }
        CompletableFuture<? extends StatefulRedisPubSubConnection<String, byte[]>> f = isCluster()
                ? cluster.connectPubSub()
                : client.connectPubSubAsync(CODEC, RedisURI.create(options.uri())).toCompletableFuture();
        f.whenComplete((c, e) -> {
            if (e != null) {
                retry("pub/sub connection", attempt, e, () -> connectPubSub(attempt + 1));
                return;
            }
            if (closed) {
                c.closeAsync();
                return;
            }
            if (c instanceof StatefulRedisClusterPubSubConnection<String, byte[]> cc) {
                ShardedSubscriptions s = new ShardedSubscriptions(cc, cluster::refreshSlotMap);
                cc.addListener(new ClusterMessageListener(this, s));
                s.start(this, Duration.ofMillis(Math.min(500, options.topologyRefreshPeriod().toMillis())));
                shards = s;
            } else {
                c.addListener(new Listener());
            }
            pubsub.complete(c);
            updateState();
        });
    }

    /** A dedicated connection for blocking reads ({@code XREAD BLOCK}); retried until it succeeds. */
    public CompletableFuture<RedisConn> dedicatedConnection() {
        CompletableFuture<RedisConn> f = new CompletableFuture<>();
        connectDedicated(f, 0);
        return f;
    }

    /** Closes a dedicated connection (a stream reader replaces a broken one on a Redis Cluster). */
    public void closeDedicated(RedisConn c) {
        extra.remove(c);
        c.closeAsync();
    }

    private void connectDedicated(CompletableFuture<RedisConn> f, int attempt) {
        if (closed) {
            f.cancel(false);
            return;
        }
        // on a Redis Cluster, without Lettuce's reconnection: a blocked XREAD on a node that died fails at once
        // (instead of waiting for a node that may never come back), and the reader takes a new connection
        connect(!isCluster()).whenComplete((c, e) -> {
            if (e != null) {
                retry("stream connection", attempt, e, () -> connectDedicated(f, attempt + 1));
                return;
            }
            extra.add(c);
            f.complete(c);
            updateState();
        });
    }

    private void retry(String what, int attempt, Throwable e, Runnable again) {
        if (closed) {
            return;
        }
        long delay = Math.min(2000, 100L << Math.min(attempt, 5));
        if (attempt == 0) {
            log.warn("Redis {} to {} failed ({}); retrying in the background", what, options.redactedUri(),
                    e.toString());
        } else {
            log.debug("Redis {} attempt {} failed: {}", what, attempt, e.toString());
        }
        updateState();
        timer.schedule(again, delay, TimeUnit.MILLISECONDS);
    }

    private void updateState() {
        AdapterState next;
        if (closed) {
            next = AdapterState.CLOSED;
        } else if (!commands.isDone() || !pubsub.isDone()) {
            next = state == AdapterState.CONNECTING ? AdapterState.CONNECTING : AdapterState.DISCONNECTED;
        } else {
            boolean open = commands.join().isOpen() && pubsub.join().isOpen();
            for (RedisConn c : extra) {
                open &= c.isOpen();
            }
            next = open ? AdapterState.CONNECTED : AdapterState.DISCONNECTED;
        }
        AdapterState prev = state;
        state = next;
        if (prev != next) {
            log.info("Redis adapter {}: {} -> {}", options.redactedUri(), prev, next);
            for (Consumer<AdapterState> l : stateListeners) {
                try {
                    l.accept(next);
                } catch (RuntimeException e) {
                    log.warn("state listener failed", e);
                }
            }
        }
    }

    public AdapterState state() {
        return state;
    }

    public void onStateChange(Consumer<AdapterState> listener) {
        stateListeners.add(listener);
    }

    public MessageDispatcher dispatcher() {
        return dispatcher;
    }

    public RedisAdapterOptions options() {
        return options;
    }

    /** The link's timer (timeouts of pending requests). */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /** What the cluster template of the adapter SPI needs: timeouts, bounds, timer and dispatcher. */
    public ClusterAdapter.Config clusterConfig() {
        return new ClusterAdapter.Config(options.requestsTimeout(), options.maxPendingRequests(), timer,
                dispatcher, this::countRequestTimeout);
    }

    /** Counts a cluster request (fetchSockets, serverSideEmit with ack) that timed out. */
    public void countRequestTimeout() {
        requestTimeouts.increment();
    }

    /** Cluster requests (fetchSockets, serverSideEmit with ack) that timed out since the start. */
    public long requestTimeouts() {
        return requestTimeouts.sum();
    }

    /** Commands sent through {@link #call} and not answered yet (queued by Lettuce or in flight). */
    public int queuedCommands() {
        return queuedCommands.get();
    }

    /** Commands that failed (Redis errors, timeouts, full queue) since the start. */
    public long commandFailures() {
        return commandFailures.get();
    }

    /** Counts a command that failed outside {@link #call} (the stream outbox). */
    void countFailure() {
        commandFailures.incrementAndGet();
    }

    /** Runs {@code task} after {@code delay} on the link's timer; the returned handle cancels it. */
    public Runnable schedule(Runnable task, Duration delay) {
        var f = timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    // ---------------------------------------------------------------- commands

    /** Runs a command on the shared connection once it exists; failures are counted. */
    public <T> CompletableFuture<T> call(
            Function<RedisClusterAsyncCommands<String, byte[]>, java.util.concurrent.CompletionStage<T>> cmd) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis adapter closed"));
        }
        queuedCommands.incrementAndGet();
        return commands.thenCompose(c -> cmd.apply(c.async())).whenComplete((r, e) -> {
            queuedCommands.decrementAndGet();
            if (e != null) {
                commandFailures.incrementAndGet();
            }
        }).toCompletableFuture();
    }

    public CompletableFuture<Long> publish(String channel, byte[] message, boolean sharded) {
        return call(c -> sharded ? c.spublish(channel, message) : c.publish(channel, message));
    }

    /** {@code PUBSUB NUMSUB} (or {@code SHARDNUMSUB}) of one channel. */
    public CompletableFuture<Integer> numsub(String channel, boolean sharded) {
        if (isCluster()) {
            return call(c -> RedisClusterClients.numsub(c, channel, sharded));
        }
        return call(c -> sharded ? c.pubsubShardNumsub(channel) : c.pubsubNumsub(channel))
                .thenApply(m -> {
                    Long n = m.get(channel);
                    return n == null ? 0 : n.intValue();
                });
    }

    // ---------------------------------------------------------------- subscriptions

    /** Subscribes {@code listener} (called on the dispatcher thread) to a channel. */
    public CompletableFuture<Void> subscribe(String channel, boolean sharded, Consumer<byte[]> listener) {
        channelListeners.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(listener);
        if (sharded && isCluster()) {
            return pubsub.thenCompose(c -> shards.subscribe(channel));
        }
        return pubsub.thenCompose(c -> {
            RedisPubSubAsyncCommands<String, byte[]> a = c.async();
            return sharded ? a.ssubscribe(channel) : a.subscribe(channel);
        }).toCompletableFuture();
    }

    public CompletableFuture<Void> unsubscribe(String channel, boolean sharded, Consumer<byte[]> listener) {
        CopyOnWriteArrayList<Consumer<byte[]>> list = channelListeners.get(channel);
        if (list == null) {
            return CompletableFuture.completedFuture(null);
        }
        list.remove(listener);
        if (!list.isEmpty() || !channelListeners.remove(channel, list) || closed) {
            return CompletableFuture.completedFuture(null);
        }
        if (sharded && isCluster()) {
            return pubsub.thenCompose(c -> shards.unsubscribe(channel));
        }
        return pubsub.thenCompose(c -> {
            RedisPubSubAsyncCommands<String, byte[]> a = c.async();
            return sharded ? a.sunsubscribe(channel) : a.unsubscribe(channel);
        }).toCompletableFuture();
    }

    /** Subscribes {@code listener(channel, message)} (called on the dispatcher thread) to a pattern. */
    public CompletableFuture<Void> psubscribe(String pattern, BiConsumer<String, byte[]> listener) {
        patternListeners.computeIfAbsent(pattern, k -> new CopyOnWriteArrayList<>()).add(listener);
        return pubsub.thenCompose(c -> c.async().psubscribe(pattern)).toCompletableFuture();
    }

    public CompletableFuture<Void> punsubscribe(String pattern, BiConsumer<String, byte[]> listener) {
        CopyOnWriteArrayList<BiConsumer<String, byte[]>> list = patternListeners.get(pattern);
        if (list == null) {
            return CompletableFuture.completedFuture(null);
        }
        list.remove(listener);
        if (!list.isEmpty() || !patternListeners.remove(pattern, list) || closed) {
            return CompletableFuture.completedFuture(null);
        }
        return pubsub.thenCompose(c -> c.async().punsubscribe(pattern)).toCompletableFuture();
    }

    /** Lettuce calls this on its I/O thread: hand the message over at once. */
    private final class Listener implements RedisPubSubListener<String, byte[]> {
        @Override
        public void message(String channel, byte[] message) {
            deliver(channel, message);
        }

        @Override
        public void smessage(String channel, byte[] message) {
            deliver(channel, message);
        }

        @Override
        public void message(String pattern, String channel, byte[] message) {
            deliverPattern(pattern, channel, message);
        }

        @Override
        public void subscribed(String channel, long count) {
        }

        @Override
        public void psubscribed(String pattern, long count) {
        }

        @Override
        public void unsubscribed(String channel, long count) {
        }

        @Override
        public void punsubscribed(String pattern, long count) {
        }
    }

    void deliver(String channel, byte[] message) {
        CopyOnWriteArrayList<Consumer<byte[]>> list = channelListeners.get(channel);
        if (list != null) {
            for (Consumer<byte[]> l : list) {
                dispatcher.execute(() -> l.accept(message));
            }
        }
    }

    void deliverPattern(String pattern, String channel, byte[] message) {
        CopyOnWriteArrayList<BiConsumer<String, byte[]>> list = patternListeners.get(pattern);
        if (list != null) {
            for (BiConsumer<String, byte[]> l : list) {
                dispatcher.execute(() -> l.accept(channel, message));
            }
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Waits (up to {@code grace}) for the commands already sent, e.g. sessions persisted during a shutdown, then
     * closes every connection and the client resources.
     */
    public void close(Duration grace) {
        if (closed) {
            return;
        }
        if (commands.isDone() && !commands.isCompletedExceptionally()) {
            try {
                commands.join().async().ping().toCompletableFuture().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.debug("Redis adapter close: pending commands not confirmed: {}", e.toString());
            }
        }
        closed = true;
        commands.cancel(false);
        pubsub.cancel(false);
        updateState();
        if (shards != null) {
            shards.close();
        }
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (RedisConn c : extra) {
            closing.add(c.closeAsync());
        }
        if (commands.isDone() && !commands.isCancelled()) {
            closing.add(commands.join().closeAsync());
        }
        if (pubsub.isDone() && !pubsub.isCancelled()) {
            closing.add(pubsub.join().closeAsync());
        }
        timer.shutdownNow();
        dispatcher.close();
        // the clients and then the resources, once no channel is registered any more (see LinkShutdown)
        shutdown.run(closing, isCluster() ? cluster::shutdown
                : () -> plainClient.shutdownAsync(0, 2, TimeUnit.SECONDS)
                        .thenCompose(v -> client.shutdownAsync(0, 2, TimeUnit.SECONDS)), SHUTDOWN_BUDGET);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    public boolean isClosed() {
        return closed;
    }
}
