package io.zapsocket.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.ServerObserver;
import io.zapsocket.server.ServerStats;
import io.zapsocket.server.SocketServer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's metrics as Micrometer meters. Bind it once per registry, then {@link #close()} it with the server:
 *
 * <pre>{@code
 * ZapSocketMetrics metrics = ZapSocketMetrics.of(server);
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>zapsocket.connections</td><td>gauge</td><td>transport</td><td>open Engine.IO connections</td></tr>
 *   <tr><td>zapsocket.sockets</td><td>gauge</td><td>namespace</td><td>connected sockets (namespaces beyond
 *   {@code maxNamespaceTags} are summed under {@code namespace="_other"})</td></tr>
 *   <tr><td>zapsocket.handshakes.accepted</td><td>counter</td><td>transport</td><td>new connections</td></tr>
 *   <tr><td>zapsocket.handshakes.refused</td><td>counter</td><td>reason</td><td>refused handshakes
 *   ({@link ServerObserver.HandshakeRefusal}, lower case)</td></tr>
 *   <tr><td>zapsocket.messages.received / .sent</td><td>counter</td><td></td><td>Engine.IO messages (a packet
 *   with binary attachments is 1 + attachments)</td></tr>
 *   <tr><td>zapsocket.bytes.received / .sent</td><td>counter</td><td></td><td>their payload bytes (received
 *   text: characters)</td></tr>
 *   <tr><td>zapsocket.acks.requested / .timeouts</td><td>counter</td><td></td><td>server emits that asked for an
 *   ack; acks that did not come in time</td></tr>
 *   <tr><td>zapsocket.write.latency</td><td>timer</td><td></td><td>sampled queue-to-socket latency</td></tr>
 *   <tr><td>zapsocket.queued.bytes</td><td>gauge</td><td></td><td>bytes queued for clients, not yet written</td></tr>
 *   <tr><td>zapsocket.drops</td><td>counter</td><td>policy</td><td>packets dropped by flow control
 *   ({@code volatile}, {@code low_priority}; {@code slow_client}: connections closed)</td></tr>
 *   <tr><td>zapsocket.events.rate.limited</td><td>counter</td><td></td><td>events refused by the rate
 *   limits</td></tr>
 *   <tr><td>zapsocket.recovery</td><td>counter</td><td>outcome</td><td>session recoveries: {@code hit} or
 *   {@code miss}</td></tr>
 *   <tr><td>zapsocket.blocked.loops</td><td>counter</td><td></td><td>blocked event loop reports</td></tr>
 * </table>
 *
 * <p>Every meter also carries the {@link Builder#tags common tags}. The gauges read {@link SocketServer#stats()}
 * (at most once per {@code statsCacheMillis}, 1 s by default, however many gauges a scrape reads).
 *
 * @since 0.3
 */
public final class ZapSocketMetrics implements MeterBinder, AutoCloseable {
    /** The namespace tag of the sockets of the namespaces beyond {@code maxNamespaceTags}. */
    public static final String OTHER_NAMESPACES = "_other";

    private final SocketServer server;
    private final Tags tags;
    private final int maxNamespaceTags;
    private final long statsCacheNanos;
    private volatile Runnable unobserve;
    private volatile Snapshot snapshot;

    private ZapSocketMetrics(Builder b) {
        this.server = b.server;
        this.tags = b.tags;
        this.maxNamespaceTags = b.maxNamespaceTags;
        this.statsCacheNanos = TimeUnit.MILLISECONDS.toNanos(b.statsCacheMillis);
    }

    /** With the defaults: no common tags, 50 namespace tags, stats read at most once a second. */
    public static ZapSocketMetrics of(SocketServer server) {
        return builder(server).build();
    }

    public static Builder builder(SocketServer server) {
        return new Builder(server);
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (unobserve != null) {
            throw new IllegalStateException("already bound: create one ZapSocketMetrics per registry");
        }
        for (Transport t : Transport.values()) {
            Gauge.builder("zapsocket.connections", this,
                            m -> m.stats().connectionsByTransport().getOrDefault(t, 0))
                    .tags(tags).tag("transport", t.wireName())
                    .description("Open Engine.IO connections").register(registry);
        }
        NamespaceGauges namespaces = new NamespaceGauges(registry);
        for (String name : server.stats().socketsByNamespace().keySet()) {
            namespaces.add(name);
        }
        server.onNewNamespace(ns -> namespaces.add(ns.name()));
        Gauge.builder("zapsocket.queued.bytes", this, m -> m.stats().queuedBytes()).tags(tags).baseUnit("bytes")
                .description("Bytes queued for clients, not yet written").register(registry);
        FunctionCounter.builder("zapsocket.blocked.loops", this, m -> m.stats().blockedLoopReports()).tags(tags)
                .description("Event loops caught blocked longer than blockedLoopThreshold").register(registry);
        unobserve = server.addObserver(new Meters(registry, tags));
    }

    /** Stops counting (the observer is removed; the meters stay in the registry). */
    @Override
    public void close() {
        Runnable r = unobserve;
        if (r != null) {
            r.run();
        }
    }

    private ServerStats stats() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s == null || now - s.at > statsCacheNanos) {
            s = new Snapshot(now, server.stats());
            snapshot = s;
        }
        return s.stats;
    }

    private record Snapshot(long at, ServerStats stats) {
    }

    /** One gauge per namespace up to the bound, then one for the rest. */
    private final class NamespaceGauges {
        private final MeterRegistry registry;
        private final Set<String> tagged = ConcurrentHashMap.newKeySet();
        private boolean other;

        NamespaceGauges(MeterRegistry registry) {
            this.registry = registry;
        }

        synchronized void add(String name) {
            if (tagged.contains(name)) {
                return;
            }
            if (tagged.size() < maxNamespaceTags) {
                tagged.add(name);
                Gauge.builder("zapsocket.sockets", ZapSocketMetrics.this,
                                m -> m.stats().socketsByNamespace().getOrDefault(name, 0))
                        .tags(tags).tag("namespace", name).description("Connected sockets").register(registry);
            } else if (!other) {
                other = true;
                Gauge.builder("zapsocket.sockets", ZapSocketMetrics.this, m -> {
                    long sum = 0;
                    for (Map.Entry<String, Integer> e : m.stats().socketsByNamespace().entrySet()) {
                        if (!tagged.contains(e.getKey())) {
                            sum += e.getValue();
                        }
                    }
                    return sum;
                }).tags(tags).tag("namespace", OTHER_NAMESPACES).description("Connected sockets").register(registry);
            }
        }
    }

    /** The observer: counters and the timer, resolved once. */
    private static final class Meters implements ServerObserver {
        private final Map<Transport, Counter> accepted = new EnumMap<>(Transport.class);
        private final Map<HandshakeRefusal, Counter> refused = new EnumMap<>(HandshakeRefusal.class);
        private final Map<DropPolicy, Counter> drops = new EnumMap<>(DropPolicy.class);
        private final Counter messagesReceived;
        private final Counter bytesReceived;
        private final Counter messagesSent;
        private final Counter bytesSent;
        private final Counter acksRequested;
        private final Counter ackTimeouts;
        private final Counter rateLimited;
        private final Counter recoveryHit;
        private final Counter recoveryMiss;
        private final Timer writeLatency;

        Meters(MeterRegistry r, Tags tags) {
            for (Transport t : Transport.values()) {
                accepted.put(t, Counter.builder("zapsocket.handshakes.accepted").tags(tags)
                        .tag("transport", t.wireName()).description("Handshakes accepted").register(r));
            }
            for (HandshakeRefusal h : HandshakeRefusal.values()) {
                refused.put(h, Counter.builder("zapsocket.handshakes.refused").tags(tags)
                        .tag("reason", lower(h)).description("Handshakes refused").register(r));
            }
            for (DropPolicy p : DropPolicy.values()) {
                drops.put(p, Counter.builder("zapsocket.drops").tags(tags).tag("policy", lower(p))
                        .description("Packets dropped by flow control (slow_client: connections closed)")
                        .register(r));
            }
            messagesReceived = Counter.builder("zapsocket.messages.received").tags(tags)
                    .description("Engine.IO messages received").register(r);
            bytesReceived = Counter.builder("zapsocket.bytes.received").tags(tags).baseUnit("bytes")
                    .description("Payload received (text: characters)").register(r);
            messagesSent = Counter.builder("zapsocket.messages.sent").tags(tags)
                    .description("Engine.IO messages queued for clients").register(r);
            bytesSent = Counter.builder("zapsocket.bytes.sent").tags(tags).baseUnit("bytes")
                    .description("Payload queued for clients").register(r);
            acksRequested = Counter.builder("zapsocket.acks.requested").tags(tags)
                    .description("Server emits that asked for an ack").register(r);
            ackTimeouts = Counter.builder("zapsocket.acks.timeouts").tags(tags)
                    .description("Acks that did not arrive within their timeout").register(r);
            rateLimited = Counter.builder("zapsocket.events.rate.limited").tags(tags)
                    .description("Events refused by the rate limits").register(r);
            recoveryHit = Counter.builder("zapsocket.recovery").tags(tags).tag("outcome", "hit")
                    .description("Connection state recoveries").register(r);
            recoveryMiss = Counter.builder("zapsocket.recovery").tags(tags).tag("outcome", "miss")
                    .description("Connection state recoveries").register(r);
            writeLatency = Timer.builder("zapsocket.write.latency").tags(tags)
                    .description("Sampled time from a packet's queueing to its write").register(r);
        }

        private static String lower(Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public void onHandshakeAccepted(Transport transport) {
            accepted.get(transport).increment();
        }

        @Override
        public void onHandshakeRefused(HandshakeRefusal reason) {
            refused.get(reason).increment();
        }

        @Override
        public void onMessageReceived(int bytes) {
            messagesReceived.increment();
            bytesReceived.increment(bytes);
        }

        @Override
        public void onPacketSent(int frames, long bytes) {
            messagesSent.increment(frames);
            bytesSent.increment(bytes);
        }

        @Override
        public void onAckRequested() {
            acksRequested.increment();
        }

        @Override
        public void onAckTimeout() {
            ackTimeouts.increment();
        }

        @Override
        public void onWriteLatency(long nanos) {
            writeLatency.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onDropped(DropPolicy policy, int packets) {
            drops.get(policy).increment(packets);
        }

        @Override
        public void onRateLimited() {
            rateLimited.increment();
        }

        @Override
        public void onRecovery(boolean recovered) {
            (recovered ? recoveryHit : recoveryMiss).increment();
        }

        @Override
        public String toString() {
            return "ZapSocketMetrics";
        }
    }

    /** Options of {@link ZapSocketMetrics}. */
    public static final class Builder {
        private final SocketServer server;
        private Tags tags = Tags.empty();
        private int maxNamespaceTags = 50;
        private long statsCacheMillis = 1000;

        private Builder(SocketServer server) {
            this.server = Objects.requireNonNull(server, "server");
        }

        /** Tags added to every meter (e.g. {@code node}); default none. */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
            return this;
        }

        /**
         * How many namespaces get their own {@code zapsocket.sockets} gauge (default 50, first come); the sockets of
         * the others are summed under {@code namespace="_other"}. Bounds the tags when namespaces are dynamic.
         */
        public Builder maxNamespaceTags(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxNamespaceTags must be >= 0: " + max);
            }
            this.maxNamespaceTags = max;
            return this;
        }

        /** How long a {@link SocketServer#stats()} snapshot serves the gauges (default 1000 ms; 0: every read). */
        public Builder statsCacheMillis(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("statsCacheMillis must be >= 0: " + millis);
            }
            this.statsCacheMillis = millis;
            return this;
        }

        public ZapSocketMetrics build() {
            return new ZapSocketMetrics(this);
        }
    }
}
