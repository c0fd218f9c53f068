package io.zapsocket.bench.scenario;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.load.SseClient;
import io.zapsocket.bench.load.WsClient;
import io.zapsocket.bench.suite.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Fan-out: {@code receivers} subscribers of room {@code r} — Socket.IO WebSocket clients that joined it, or
 * Server-Sent Events subscribers ({@code GET /zap/sse?room=r}) — and one more WebSocket client that publishes
 * {@value Scenarios#FANOUT_PAYLOAD}-byte messages to it. The publisher keeps at most {@code window} deliveries
 * outstanding (published × receivers − delivered), so the server is kept busy without unbounded queues. Delivery
 * latency (publish sent → message received) is sampled on every 50th receiver; it includes that queueing.
 *
 * <p>In the ordinary-client mode each publish leaves in its own write; in the batched mode what one read triggers
 * leaves in one write.
 */
final class Fanout {
    private final LoadGen gen;
    private final ServerProcess server;
    private final Scenarios scenarios;
    private final Codec codec;
    private final boolean batched;
    /** Payload characters per message ({@value Scenarios#FANOUT_PAYLOAD} unless {@link #payload} changed it). */
    private int payloadBytes = Scenarios.FANOUT_PAYLOAD;

    Fanout(LoadGen gen, ServerProcess server, Scenarios scenarios, Codec codec, boolean batched) {
        this.gen = gen;
        this.server = server;
        this.scenarios = scenarios;
        this.codec = codec;
        this.batched = batched;
    }

    /**
     * Messages of {@code bytes} characters instead of {@value Scenarios#FANOUT_PAYLOAD} (e.g. 16 KB for
     * {@code fanout-1000-16k}); at 1 KB and more the window is 2 messages per receiver (the bytes in flight stay
     * bounded: 2 × 1 000 × 16 KB = 32 MB) instead of max(4 N, 16 000) deliveries.
     */
    Fanout payload(int bytes) {
        this.payloadBytes = bytes;
        return this;
    }

    private long window(int receivers) {
        return payloadBytes >= 1024 ? 2L * receivers : Math.max(4L * receivers, 16_000);
    }

    /** WebSocket subscribers. */
    Map<String, Object> webSocket(int receivers, double warm, double measure) {
        return webSocket(receivers, "r", codec.body("join", "r"), warm, measure);
    }

    /**
     * WebSocket subscribers of the stream room {@code stream:r} (the {@code zap-sync} server): each subscribes with
     * the sync wire protocol ({@code sync:subscribe {stream}}, JSON), receives {@code sync:pub {stream, offset,
     * epoch, time, data}}; the publisher emits the same {@code publish(room, payload)} as the plain fan-out, which the
     * server turns into {@code Sync.publish}.
     */
    Map<String, Object> stream(int receivers, double warm, double measure) {
        if (codec != Codec.JSON) {
            throw new IllegalStateException("the stream fan-out speaks JSON only");
        }
        Map<String, Object> out = webSocket(receivers, "stream:r",
                Wire.ascii("[\"sync:subscribe\",{\"stream\":\"stream:r\"}]"), warm, measure);
        out.put("wire", "sync:pub");
        return out;
    }

    private Map<String, Object> webSocket(int receivers, String room, byte[] join, double warm, double measure) {
        Load load = new Load(receivers, window(receivers));
        load.room = room;
        WsPool pool = new WsPool(gen, receivers + 1, 500, load, codec).start();
        Map<String, Object> out = Latency.map();
        out.put("receivers", receivers);
        out.put("payloadBytes", payloadBytes);
        if (!pool.await(120)) {
            out.put("error", "only " + gen.call(() -> pool.connected) + " of " + (receivers + 1) + " connected");
            pool.abortAll();
            scenarios.awaitSockets(0, 60);
            return out;
        }
        List<WsClient> cs = pool.connectedClients();
        // every client but the last joins; the last publishes
        gen.run(() -> {
            load.publisher = cs.get(cs.size() - 1);
            for (int i = 0; i < cs.size() - 1; i++) {
                WsClient c = cs.get(i);
                codec.send(c, codec.event(c.nextId++, join), true);
            }
        });
        awaitJoined(load, receivers, 60);
        measure(load, out, warm, measure);
        gen.run(() -> out.put("dropped", pool.dropped));
        pool.abortAll();
        scenarios.awaitSockets(0, 60);
        return out;
    }

    /**
     * Cross-node fan-out: {@code perNode} WebSocket subscribers of room {@code r} on each of the cluster's nodes
     * ({@code ports}; subscriber {@code i} on node {@code i % nodes}), the publisher on node 0. Every publish goes
     * through the cluster's adapter to the other nodes; {@code crossNodeDeliveriesPerSec} counts the deliveries on
     * nodes 1..N-1. Server CPU is the sum over the nodes ({@code serversCpu}); {@code redisCpuUsPerMessage} is the
     * Redis server's CPU per published message.
     */
    Map<String, Object> crossNode(int perNode, int[] ports, LongSupplier serversCpu, LongSupplier redisCpu,
                                  double warm, double measure) {
        int nodes = ports.length;
        int receivers = perNode * nodes;
        Load load = new Load(receivers, Math.max(4L * receivers, 16_000));
        load.nodes = nodes;
        // receivers + 1 clients: client receivers (the publisher) is on node receivers % nodes = 0
        WsPool pool = new WsPool(gen, receivers + 1, 500, load, codec).spread(ports).start();
        Map<String, Object> out = Latency.map();
        out.put("nodes", nodes);
        out.put("receivers", receivers);
        out.put("payloadBytes", Scenarios.FANOUT_PAYLOAD);
        if (!pool.await(120)) {
            out.put("error", "only " + gen.call(() -> pool.connected) + " of " + (receivers + 1) + " connected"
                    + gen.call(() -> pool.firstFailure == null ? "" : ": " + pool.firstFailure));
            pool.abortAll();
            WsPool.sleep(2);
            return out;
        }
        List<WsClient> cs = pool.connectedClients();
        byte[] join = codec.body("join", "r");
        gen.run(() -> {
            for (WsClient c : cs) {
                if (c.index() == receivers) {
                    load.publisher = c;
                } else {
                    codec.send(c, codec.event(c.nextId++, join), true);
                }
            }
        });
        awaitJoined(load, receivers, 60);
        // the adapters' room subscriptions (SSUBSCRIBE after the first join) settle before publishing; meanwhile
        // Redis's own idle cost (its cron, the nodes' heartbeats) is measured, and subtracted below
        long idle0 = redisCpu.getAsLong();
        long idleT0 = System.nanoTime();
        WsPool.sleep(3);
        double idleShare = (redisCpu.getAsLong() - idle0) / (double) (System.nanoTime() - idleT0);
        long redis0 = redisCpu.getAsLong();
        long redisT0 = System.nanoTime();
        long published0 = gen.call(() -> load.published);
        measure(load, out, warm, measure, () -> new Window(serversCpu));
        long crossNode = gen.call(() -> load.crossDelivered - load.crossAtReset);
        double secs = (Double) out.get("seconds");
        out.put("crossNodeDeliveriesPerSec", Math.round(crossNode / secs));
        long published = gen.call(() -> load.published) - published0;
        long redisNanos = redisCpu.getAsLong() - redis0;
        double redisSecs = (System.nanoTime() - redisT0) / 1e9;
        double redisNet = Math.max(0, redisNanos - idleShare * redisSecs * 1e9);
        out.put("published", published);
        out.put("publishedPerSec", Math.round(published / redisSecs));
        out.put("redisCpuUsPerMessage", published == 0 ? null : Scenarios.round(redisNet / 1000.0 / published, 2));
        out.put("redisCpuUsPerMessageGross", published == 0 ? null
                : Scenarios.round(redisNanos / 1000.0 / published, 2));
        out.put("redisCpuShare", Scenarios.round(redisNanos / 1e9 / redisSecs, 4));
        out.put("redisIdleCpuShare", Scenarios.round(idleShare, 4));
        gen.run(() -> out.put("dropped", pool.dropped));
        pool.abortAll();
        WsPool.sleep(2);
        return out;
    }

    /** Server-Sent Events subscribers: {@code receivers} HTTP/1.1 streams of {@code path} (e.g. {@code /zap/sse?room=r}). */
    Map<String, Object> sse(int receivers, String path, double warm, double measure) {
        Load load = new Load(receivers, Math.max(4L * receivers, 16_000));
        Map<String, Object> out = Latency.map();
        out.put("receivers", receivers);
        out.put("payloadBytes", Scenarios.FANOUT_PAYLOAD);
        out.put("transport", "sse");
        WsPool pool = new WsPool(gen, 1, 1, load, codec).start();
        List<SseClient> subs = new ArrayList<>();
        for (int from = 0; from < receivers; from += 250) {
            int to = Math.min(receivers, from + 250);
            int first = from;
            gen.run(() -> {
                for (int i = first; i < to; i++) {
                    SseClient s = new SseClient(i, path, load);
                    subs.add(s);
                    gen.connect(s).addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            s.notifyClosed(f.cause());
                        }
                    });
                }
            });
            awaitJoined(load, to, 60);
        }
        boolean ok = pool.await(60) && gen.call(() -> load.joined == receivers);
        if (!ok) {
            out.put("error", "only " + gen.call(() -> load.joined) + " of " + receivers + " SSE subscribers opened"
                    + gen.call(() -> load.firstFailure == null ? "" : ": " + load.firstFailure));
        } else {
            WsClient publisher = pool.connectedClients().get(0);
            gen.run(() -> load.publisher = publisher);
            measure(load, out, warm, measure);
            gen.run(() -> out.put("dropped", load.closed));
        }
        gen.run(() -> subs.forEach(SseClient::abort));
        pool.abortAll();
        scenarios.awaitSockets(0, 60);
        WsPool.sleep(0.5); // the server sees the SSE streams' RSTs
        return out;
    }

    private void awaitJoined(Load load, int n, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (gen.call(() -> load.joined + load.failed < n) && System.nanoTime() < deadline) {
            WsPool.sleep(0.05);
        }
    }

    private void measure(Load load, Map<String, Object> out, double warm, double measure) {
        measure(load, out, warm, measure, () -> new Window(server));
    }

    private void measure(Load load, Map<String, Object> out, double warm, double measure,
                         java.util.function.Supplier<Window> window) {
        gen.run(load::maybePublish);
        WsPool.sleep(warm);
        gen.run(load::reset);
        Window w = window.get();
        WsPool.sleep(measure);
        long delivered = gen.call(() -> load.delivered - load.deliveredAtReset);
        w.end(out, delivered, "deliveriesPerSec", "serverCpuUsPerDelivery");
        gen.run(() -> {
            load.running = false;
            Latency.put(out, "delivery", load.hist);
        });
    }

    private final class Load implements WsClient.Listener, SseClient.Listener {
        private static final int SEQ_RING = 1 << 16;
        final int receivers;
        final long window;
        final long[] sentAt = new long[SEQ_RING];
        WsClient publisher;
        String room = "r";
        /** Nodes of a cluster: subscriber {@code i} is on node {@code i % nodes}, 0 is the publisher's. */
        int nodes = 1;
        long crossDelivered;
        long crossAtReset;
        Histogram hist = Latency.histogram();
        boolean running = true;
        int joined;
        int failed;
        int closed;
        Throwable firstFailure;
        long published;
        long delivered;
        long deliveredAtReset;

        Load(int receivers, long window) {
            this.receivers = receivers;
            this.window = window;
        }

        void maybePublish() {
            boolean sent = false;
            while (running && published * receivers - delivered < window) {
                long seq = published++;
                sentAt[(int) (seq & (SEQ_RING - 1))] = System.nanoTime();
                byte[] body = codec.body("publish", room, Wire.seqPayload(seq, payloadBytes));
                codec.send(publisher, codec.event(publisher.nextId++, body), !batched);
                sent = true;
            }
            if (sent && batched) {
                publisher.flush();
            }
        }

        void reset() {
            hist = Latency.histogram();
            deliveredAtReset = delivered;
            crossAtReset = crossDelivered;
        }

        private void delivered(int index, long seq) {
            delivered++;
            if (seq >= 0) {
                Latency.record(hist, System.nanoTime() - sentAt[(int) (seq & (SEQ_RING - 1))]);
            }
            if (publisher != null && published * receivers - delivered <= window - receivers) {
                maybePublish();
            }
        }

        @Override
        public void onAck(WsClient c, long id, ByteBuf buf, int from, int to) {
            if (c != publisher) {
                joined++; // the join acks
            }
        }

        @Override
        public void onEvent(WsClient c, ByteBuf buf, int from, int to) {
            if (c.index() % nodes != 0) {
                crossDelivered++;
            }
            delivered(c.index(), c.index() % 50 == 0 ? Wire.seqOf(buf, from, to) : -1);
        }

        @Override
        public void onOpen(SseClient c) {
            joined++;
        }

        @Override
        public void onData(SseClient c, byte[] head, int len) {
            delivered(c.index(), c.index() % 50 == 0 ? Wire.seqOf(head, len) : -1);
        }

        @Override
        public void onClosed(SseClient c, Throwable cause) {
            if (c.wasOpened()) {
                closed++;
            } else {
                failed++;
                if (firstFailure == null) {
                    firstFailure = cause;
                }
            }
        }
    }
}
