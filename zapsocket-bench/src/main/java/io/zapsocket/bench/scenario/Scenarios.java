package io.zapsocket.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.load.PollClient;
import io.zapsocket.bench.load.WsClient;
import io.zapsocket.bench.suite.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The benchmark scenarios of issue #6, each against one running server. Every scenario warms up, then measures
 * over a fixed window: operations, latency (HdrHistogram), the server's CPU time from /proc (user + system, all
 * threads) and the generator's own CPU (to tell when the generator, not the server, is the limit). Results are flat
 * maps of numbers, ready for JSON.
 *
 * <p>Bounded: every wait has a deadline, and every scenario closes its clients before it returns.
 */
public final class Scenarios {
    /** Echo payload: a short chat-like string (the same for every server). */
    static final String ECHO_PAYLOAD = "hello, this is a 48-byte benchmark echo payload";
    static final int FANOUT_PAYLOAD = 100;
    private static final int RING = 1 << 12;
    private static final int RING_MASK = RING - 1;

    private final LoadGen gen;
    private final ServerProcess server;
    private final Codec codec;
    private final boolean batched;

    /** JSON packets, ordinary clients. */
    public Scenarios(LoadGen gen, ServerProcess server) {
        this(gen, server, Codec.JSON, false);
    }

    /**
     * @param codec   the Socket.IO packet format of the WebSocket clients
     * @param batched the batching generator: what a read triggers (the closed loop's next echoes, the publisher's
     *                next publishes) leaves in one write; otherwise (ordinary clients, as a browser's
     *                socket.io-client) every frame leaves in its own write
     */
    public Scenarios(LoadGen gen, ServerProcess server, Codec codec, boolean batched) {
        this.gen = gen;
        this.server = server;
        this.codec = codec;
        this.batched = batched;
    }

    // ------------------------------------------------------------------ (a) connect storm

    /**
     * Connects {@code n} WebSocket clients (at most {@code concurrency} handshakes in flight): handshakes per
     * second, handshake latency, and the server's RSS and heap growth per connection (both after a full GC).
     */
    public Map<String, Object> connectStorm(int n, int concurrency, double timeoutSeconds) {
        Map<String, Object> out = Latency.map();
        out.put("clients", n);
        JsonNode before = server.stats();
        long rss0 = server.rssBytes();
        Window w = new Window(server);
        WsPool pool = new WsPool(gen, n, concurrency, new WsClient.Listener() { }).start();
        pool.await(timeoutSeconds);
        long done = gen.call(() -> pool.doneAt == 0 ? System.nanoTime() : pool.doneAt);
        int connected = gen.call(() -> pool.connected);
        w.end(out, connected, "handshakesPerSec", "serverCpuUsPerHandshake");
        double secs = (done - w.t0) / 1e9;
        out.put("seconds", round(secs, 2));
        out.put("handshakesPerSec", Math.round(connected / secs));
        out.put("connected", connected);
        out.put("failed", gen.call(() -> pool.failed));
        gen.run(() -> {
            if (pool.firstFailure != null) {
                out.put("firstFailure", String.valueOf(pool.firstFailure));
            }
            Latency.put(out, "handshake", pool.handshakes);
        });
        WsPool.sleep(1);
        if (connected > 0) {
            // what ps shows, before the forced GC of stats (the baseline rss0 was read after one)
            out.put("rssPerConnectionNoGcKB", round((server.rssBytes() - rss0) / 1024.0 / connected, 2));
        }
        memory(out, before, rss0, connected);
        pool.abortAll();
        awaitSockets(0, 60);
        return out;
    }

    /** A connect storm on a freshly started server, before anything else ran on it: see {@link ColdStorm}. */
    public Map<String, Object> coldStorm(int n, int concurrency, double timeoutSeconds) {
        return new ColdStorm(gen, server, this).run(n, concurrency, timeoutSeconds);
    }

    private void memory(Map<String, Object> out, JsonNode before, long rss0, int connections) {
        JsonNode after = server.stats();
        long rss1 = server.rssBytes();
        out.put("serverSockets", after.get("sockets").asInt());
        out.put("rssBeforeMB", round(rss0 / 1048576.0, 1));
        out.put("rssAfterMB", round(rss1 / 1048576.0, 1));
        if (connections > 0) {
            out.put("rssPerConnectionKB", round((rss1 - rss0) / 1024.0 / connections, 2));
            out.put("heapPerConnectionKB", round(
                    (after.get("heapUsed").asLong() - before.get("heapUsed").asLong()) / 1024.0 / connections, 2));
        }
    }

    /** Waits until the server counts at most {@code max} sockets (it saw the disconnections). */
    boolean awaitSockets(int max, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (server.sockets() <= max) {
                return true;
            }
            WsPool.sleep(0.2);
        }
        return false;
    }

    // ------------------------------------------------------------------ (b) echo with ack

    /** The echo load: every ack records a latency and, in closed loop, sends the next echo from the same client. */
    private final class EchoLoad implements WsClient.Listener {
        final byte[] tail = codec.body("echo", ECHO_PAYLOAD);
        final boolean closedLoop;
        Histogram hist = Latency.histogram();
        long acks;
        boolean running = true;
        long saturated;

        EchoLoad(boolean closedLoop) {
            this.closedLoop = closedLoop;
        }

        void send(WsClient c, long stamp, boolean flush) {
            if (c.times == null) {
                c.times = new long[RING];
            }
            long id = c.nextId++;
            c.times[(int) (id & RING_MASK)] = stamp;
            c.inFlight++;
            codec.send(c, codec.event(id, tail), flush);
        }

        @Override
        public void onAck(WsClient c, long id, ByteBuf buf, int from, int to) {
            long now = System.nanoTime();
            c.inFlight--;
            Latency.record(hist, now - c.times[(int) (id & RING_MASK)]);
            acks++;
            if (closedLoop && running) {
                // batched: flushed once at the end of this read, with the other acks' next echoes
                send(c, now, !batched);
            }
        }

        /** Resets the counters at the start of the measurement window; on the loop. */
        void reset() {
            hist = Latency.histogram();
            acks = 0;
            saturated = 0;
        }
    }

    /**
     * Closed loop: {@code clients} × {@code depth} echoes in flight, each ack triggering the next. Latency is
     * from the actual send.
     */
    public Map<String, Object> echoClosedLoop(int clients, int depth, double warm, double measure) {
        EchoLoad load = new EchoLoad(true);
        WsPool pool = new WsPool(gen, clients, 200, load, codec).start();
        Map<String, Object> out = Latency.map();
        out.put("clients", clients);
        out.put("inFlightPerClient", depth);
        if (!pool.await(60)) {
            out.put("error", "only " + gen.call(() -> pool.connected) + " of " + clients + " connected");
            pool.abortAll();
            return out;
        }
        List<WsClient> cs = pool.connectedClients();
        gen.run(() -> cs.forEach(c -> {
            for (int i = 0; i < depth; i++) {
                load.send(c, System.nanoTime(), !batched || i == depth - 1);
            }
        }));
        WsPool.sleep(warm);
        gen.run(load::reset);
        Window w = new Window(server);
        WsPool.sleep(measure);
        long acks = gen.call(() -> load.acks);
        w.end(out, acks, "roundTripsPerSec", "serverCpuUsPerRoundTrip");
        gen.run(() -> {
            load.running = false;
            Latency.put(out, "latency", load.hist);
            out.put("dropped", pool.dropped);
        });
        pool.abortAll();
        awaitSockets(0, 30);
        return out;
    }

    /**
     * Open loop at a fixed rate spread round-robin over {@code clients}: sends follow a schedule whatever the
     * server does, and latency counts from the scheduled send time, so a stalled server shows up in the
     * percentiles (coordinated omission corrected). A client with {@value #RING} echoes outstanding skips its turn
     * (counted as {@code skipped}: the rate was not sustainable). The generator core's own stalls in the same window
     * are reported as {@code hiccupP99Ms} etc. ({@link Hiccups}): a floor under the latency percentiles.
     */
    public Map<String, Object> echoOpenLoop(int clients, int rate, double warm, double measure) {
        EchoLoad load = new EchoLoad(false);
        WsPool pool = new WsPool(gen, clients, 200, load, codec).start();
        Map<String, Object> out = Latency.map();
        out.put("clients", clients);
        out.put("targetRate", rate);
        if (!pool.await(60)) {
            out.put("error", "only " + gen.call(() -> pool.connected) + " of " + clients + " connected");
            pool.abortAll();
            return out;
        }
        List<WsClient> cs = pool.connectedClients();
        long[] state = new long[2]; // [0] start, [1] sent
        ScheduledFuture<?> ticker = gen.call(() -> {
            state[0] = System.nanoTime();
            return gen.loop().scheduleAtFixedRate(() -> {
                if (!load.running) {
                    return;
                }
                long now = System.nanoTime();
                long due = (long) ((now - state[0]) * (rate / 1e9));
                for (; state[1] < due; state[1]++) {
                    long intended = state[0] + (long) (state[1] * (1e9 / rate));
                    WsClient c = cs.get((int) (state[1] % cs.size()));
                    if (c.inFlight >= RING - 1) {
                        load.saturated++;
                        continue;
                    }
                    load.send(c, intended, true);
                }
            }, 0, 100, TimeUnit.MICROSECONDS);
        });
        WsPool.sleep(warm);
        gen.run(load::reset);
        Window w = new Window(server);
        Hiccups hiccups = new Hiccups();
        WsPool.sleep(measure);
        long acks = gen.call(() -> load.acks);
        w.end(out, acks, "roundTripsPerSec", "serverCpuUsPerRoundTrip");
        hiccups.end(out);
        gen.run(() -> {
            load.running = false;
            ticker.cancel(false);
            Latency.put(out, "latency", load.hist);
            out.put("skipped", load.saturated);
            out.put("dropped", pool.dropped);
        });
        pool.abortAll();
        awaitSockets(0, 30);
        return out;
    }

    // ------------------------------------------------------------------ (c) fan-out

    /**
     * Cross-node fan-out over a cluster: {@code perNode} subscribers on each node ({@code ports}), the publisher on
     * node 0 (this instance's server): see {@link Fanout#crossNode}.
     */
    public Map<String, Object> clusterFanout(int perNode, int[] ports, java.util.function.LongSupplier serversCpu,
                                             java.util.function.LongSupplier redisCpu, double warm, double measure) {
        return new Fanout(gen, server, this, codec, batched).crossNode(perNode, ports, serversCpu, redisCpu, warm,
                measure);
    }

    /**
     * Compressed fan-out to {@code receivers} WebSocket clients that offered permessage-deflate, JSON messages of
     * about {@code payloadBytes}: see {@link DeflateFanout}.
     */
    public Map<String, Object> deflateFanout(int receivers, int payloadBytes, double warm, double measure) {
        return new DeflateFanout(gen, server, this).run(receivers, payloadBytes, warm, measure);
    }

    /** Fan-out to {@code receivers} WebSocket clients in room {@code r}: see {@link Fanout}. */
    public Map<String, Object> fanout(int receivers, double warm, double measure) {
        return new Fanout(gen, server, this, codec, batched).webSocket(receivers, warm, measure);
    }

    /** Fan-out of {@code payloadBytes}-character messages (e.g. 16 KB) to {@code receivers} WebSocket clients. */
    public Map<String, Object> fanout(int receivers, int payloadBytes, double warm, double measure) {
        return new Fanout(gen, server, this, codec, batched).payload(payloadBytes).webSocket(receivers, warm, measure);
    }

    /** Binary echo with ack, closed loop, one echo of {@code payloadBytes} in flight per client: see {@link BinaryEcho}. */
    public Map<String, Object> binaryEcho(int clients, int payloadBytes, double warm, double measure) {
        return new BinaryEcho(gen, server, this, batched).run(clients, payloadBytes, warm, measure);
    }

    /** Fan-out to {@code receivers} long-polling clients (polling transport only): see {@link PollingFanout}. */
    public Map<String, Object> pollingFanout(int receivers, double warm, double measure) {
        return new PollingFanout(gen, server, this, batched).run(receivers, warm, measure);
    }

    /**
     * Fan-out to {@code receivers} Server-Sent Events subscribers of room {@code r} ({@code GET /zap/sse?room=r}),
     * published by a WebSocket client: see {@link Fanout}.
     */
    public Map<String, Object> sseFanout(int receivers, double warm, double measure) {
        return new Fanout(gen, server, this, codec, batched).sse(receivers, "/zap/sse?room=r", warm, measure);
    }

    /**
     * Fan-out to {@code receivers} WebSocket subscribers of the stream room {@code stream:r} (sync wire protocol;
     * the {@code zap-sync} server): see {@link Fanout#stream}.
     */
    public Map<String, Object> streamFanout(int receivers, double warm, double measure) {
        return new Fanout(gen, server, this, codec, batched).stream(receivers, warm, measure);
    }

    /**
     * Presence churn with {@code members} tracked members and {@code subscribers} diff subscribers, at increasing
     * {@code rates} (churns per second, each one leave and one join): see {@link PresenceChurn}.
     */
    public Map<String, Object> presenceChurn(int members, int subscribers, int[] rates, double warm, double measure) {
        return new PresenceChurn(gen, server, this, members, subscribers).run(rates, warm, measure);
    }

    // ------------------------------------------------------------------ (d) polling echo

    /** Long-polling echo with ack: {@code clients} clients, one echo in flight each (closed loop). */
    public Map<String, Object> pollingEcho(int clients, double warm, double measure) {
        Map<String, Object> out = Latency.map();
        out.put("clients", clients);
        PollEcho load = new PollEcho();
        List<PollClient> cs = new ArrayList<>();
        gen.run(() -> {
            for (int i = 0; i < clients; i++) {
                PollClient c = new PollClient(gen, i, load);
                cs.add(c);
                c.start();
            }
        });
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (gen.call(() -> load.connected + load.failed < clients) && System.nanoTime() < deadline) {
            WsPool.sleep(0.05);
        }
        if (gen.call(() -> load.connected < clients)) {
            out.put("error", "only " + gen.call(() -> load.connected) + " of " + clients + " connected: "
                    + gen.call(() -> String.valueOf(load.firstFailure)));
        }
        WsPool.sleep(warm);
        gen.run(load::reset);
        Window w = new Window(server);
        WsPool.sleep(measure);
        long acks = gen.call(() -> load.acks);
        w.end(out, acks, "roundTripsPerSec", "serverCpuUsPerRoundTrip");
        gen.run(() -> {
            load.running = false;
            Latency.put(out, "latency", load.hist);
            out.put("failed", load.failed);
            cs.forEach(PollClient::close);
        });
        awaitSockets(0, 60);
        return out;
    }

    private static final class PollEcho implements PollClient.Listener {
        final String tail = "[\"echo\",\"" + ECHO_PAYLOAD + "\"]";
        Histogram hist = Latency.histogram();
        boolean running = true;
        int connected;
        int failed;
        long acks;
        Throwable firstFailure;

        void send(PollClient c) {
            c.sentAt = System.nanoTime();
            c.post("42" + (c.nextId++) + tail);
        }

        void reset() {
            hist = Latency.histogram();
            acks = 0;
        }

        @Override
        public void onConnected(PollClient c) {
            connected++;
            send(c);
        }

        @Override
        public void onAck(PollClient c, long id) {
            Latency.record(hist, System.nanoTime() - c.sentAt);
            acks++;
            if (running) {
                send(c);
            }
        }

        @Override
        public void onClosed(PollClient c, Throwable cause) {
            if (running) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = cause;
                }
            }
        }
    }

    // ------------------------------------------------------------------ (e) idle connections with heartbeats

    /**
     * Connects {@code n} WebSocket clients, then holds them idle for {@code holdSeconds} (at least one heartbeat
     * period with the default 25 s ping interval) while they answer the server's pings: how many survive, the
     * memory per connection, and the server CPU spent per connection per second on heartbeats.
     */
    public Map<String, Object> idle(int n, int concurrency, double holdSeconds) {
        Map<String, Object> out = Latency.map();
        out.put("target", n);
        JsonNode before = server.stats();
        long rss0 = server.rssBytes();
        long t0 = System.nanoTime();
        WsPool pool = new WsPool(gen, n, concurrency, new WsClient.Listener() { }).start();
        pool.await(Math.max(60, n / 200.0));
        int connected = gen.call(() -> pool.connected);
        out.put("connected", connected);
        out.put("connectSeconds", round((System.nanoTime() - t0) / 1e9, 2));
        gen.run(() -> {
            if (pool.firstFailure != null) {
                out.put("firstFailure", String.valueOf(pool.firstFailure));
            }
        });
        Window w = new Window(server);
        WsPool.sleep(holdSeconds);
        Map<String, Object> hold = Latency.map();
        w.end(hold, connected, "ignored", "ignored2");
        out.put("holdSeconds", hold.get("seconds"));
        out.put("serverCpuShareIdle", hold.get("serverCpuShare"));
        int alive = gen.call(() -> pool.connected - pool.dropped);
        out.put("aliveAfterHold", alive);
        memory(out, before, rss0, connected);
        pool.abortAll();
        awaitSockets(0, 120);
        return out;
    }

    // ------------------------------------------------------------------ warm-up

    /** The same warm-up for every server: echo, fan-out to 1 000 and polling, in that proportion of {@code seconds}. */
    public void warmUp(double seconds, boolean polling) {
        // handshakes too: a warm server has served reconnections, not only events (before 2026-12-07 the warm-up had
        // none, and the "warm" storm paid for compiling the handshake path: about half of its CPU with C2)
        long until = System.nanoTime() + (long) (seconds * 0.15e9);
        do {
            churn(2_000, 500, 60);
        } while (System.nanoTime() < until);
        echoClosedLoop(100, 4, seconds * 0.35, 0.1);
        fanout(1000, seconds * (polling ? 0.35 : 0.5), 0.1);
        if (polling) {
            pollingEcho(50, seconds * 0.15, 0.1);
        }
    }

    /** Connects {@code n} WebSocket clients and drops them again, measuring nothing (the warm-up's handshakes). */
    private void churn(int n, int concurrency, double timeoutSeconds) {
        WsPool pool = new WsPool(gen, n, concurrency, new WsClient.Listener() { }).start();
        pool.await(timeoutSeconds);
        pool.abortAll();
        awaitSockets(0, 60);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
