package io.zapsocket.server.adapter;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ClusterAdapter} for brokers that cannot count subscribers (Postgres LISTEN/NOTIFY, ...), as
 * socket.io-adapter 2.5's {@code ClusterAdapterWithHeartbeat}: each node announces itself
 * ({@link ClusterMessage#INITIAL_HEARTBEAT}, answered by {@link ClusterMessage#HEARTBEAT}), publishes a heartbeat
 * when it has published nothing for {@code heartbeatInterval}, and says goodbye on close
 * ({@link ClusterMessage#ADAPTER_CLOSE}). A node not heard from for {@code heartbeatTimeout} is considered gone.
 * {@link #serverCount()} is one plus the nodes heard from, and fetchSockets / serverSideEmit with ack wait for one
 * answer from each of them (a node that goes away meanwhile counts as answered).
 *
 * <p>The broker calls {@link #start()} once it receives messages.
 *
 * @since 0.2
 */
public abstract class ClusterAdapterWithHeartbeat extends ClusterAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClusterAdapterWithHeartbeat.class);
    /** The uid of emitters: they publish, but are not nodes. */
    public static final String EMITTER_UID = "emitter";

    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    /** Node uid → when a message of it was last received (ms, monotonic). */
    private final Map<String, Long> nodes = new ConcurrentHashMap<>();
    private volatile long lastPublish = now();
    private volatile ScheduledFuture<?> ticker;
    private volatile boolean closed;

    /**
     * @param heartbeatInterval a heartbeat is published when nothing was for this long (Node's default 5 s)
     * @param heartbeatTimeout  a node not heard from for this long is gone (Node's default 10 s)
     */
    protected ClusterAdapterWithHeartbeat(AdapterContext context, Config config, Duration heartbeatInterval,
                                          Duration heartbeatTimeout) {
        super(context, config);
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()
                || heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("need 0 < heartbeatInterval < heartbeatTimeout: " + heartbeatInterval
                    + ", " + heartbeatTimeout);
        }
        this.heartbeatInterval = heartbeatInterval;
        this.heartbeatTimeout = heartbeatTimeout;
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** Announces this node and starts the heartbeat and the removal of silent nodes. */
    protected void start() {
        long period = Math.max(50, Math.min(1000, heartbeatInterval.toMillis() / 5));
        ticker = config.timer().scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        publish(ClusterMessage.INITIAL_HEARTBEAT, null);
    }

    private void tick() {
        if (closed) {
            return;
        }
        long now = now();
        if (now - lastPublish >= heartbeatInterval.toMillis()) {
            publish(ClusterMessage.HEARTBEAT, null);
        }
        nodes.forEach((node, seen) -> {
            if (now - seen > heartbeatTimeout.toMillis()) {
                log.debug("namespace {}: node {} seems down", nsp, node);
                removeNode(node);
            }
        });
    }

    @Override
    protected CompletableFuture<String> publish(int type, Map<String, Object> data) {
        lastPublish = now();
        return super.publish(type, data);
    }

    /** The other nodes heard from within the heartbeat timeout. */
    public Set<String> nodes() {
        return Set.copyOf(nodes.keySet());
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return CompletableFuture.completedFuture(1 + nodes.size());
    }

    @Override
    protected <T> CompletableFuture<T> request(int type, Duration timeout, T noOtherNode,
                                               Function<PendingRequests.Request, T> done,
                                               Function<PendingRequests.Request, Throwable> timedOut,
                                               Consumer<String> publish) {
        Set<String> expected = new HashSet<>(nodes.keySet());
        if (expected.isEmpty()) {
            return CompletableFuture.completedFuture(noOtherNode);
        }
        String requestId = ClusterWire.randomId();
        return requests.send(requestId, type, expected, timeout, done, timedOut, () -> publish.accept(requestId));
    }

    @Override
    protected void onMessage(ClusterMessage message, String offset) {
        if (uid.equals(message.uid()) || !nsp.equals(message.nsp())) {
            return;
        }
        if (!EMITTER_UID.equals(message.uid())) {
            nodes.put(message.uid(), now());
        }
        switch (message.type()) {
            case ClusterMessage.INITIAL_HEARTBEAT -> publish(ClusterMessage.HEARTBEAT, null);
            case ClusterMessage.HEARTBEAT -> {
                // membership only
            }
            case ClusterMessage.ADAPTER_CLOSE -> removeNode(message.uid());
            default -> super.onMessage(message, offset);
        }
    }

    private void removeNode(String node) {
        nodes.remove(node);
        requests.nodeGone(node);
    }

    /** Says goodbye to the other nodes, stops the heartbeat and fails pending requests. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ScheduledFuture<?> t = ticker;
        if (t != null) {
            t.cancel(false);
            publish(ClusterMessage.ADAPTER_CLOSE, null);
        }
        super.close();
    }
}
