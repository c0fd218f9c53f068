package io.zapsocket.bench.scenario;

import io.netty.buffer.ByteBuf;
import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.load.PollClient;
import io.zapsocket.bench.load.WsClient;
import io.zapsocket.bench.suite.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Fan-out to long-polling clients (issue 20): {@code receivers} Engine.IO clients on the polling transport only
 * (never upgraded: {@link PollClient}, one GET always pending, POSTs one at a time), each joined to room {@code r}
 * with {@code join(r, ack)}; one WebSocket client publishes {@value Scenarios#FANOUT_PAYLOAD}-byte strings to
 * {@code r} with the same {@code publish} event and window as {@code fanout-N} (at most max(4 N, 16 000) deliveries
 * outstanding). A GET answer carries every packet queued for that client since its last poll (separated by
 * {@code \x1e}); each {@code msg} packet counts as one delivery.
 */
final class PollingFanout {
    private final LoadGen gen;
    private final ServerProcess server;
    private final Scenarios scenarios;
    private final boolean batched;

    PollingFanout(LoadGen gen, ServerProcess server, Scenarios scenarios, boolean batched) {
        this.gen = gen;
        this.server = server;
        this.scenarios = scenarios;
        this.batched = batched;
    }

    Map<String, Object> run(int receivers, double warm, double measure) {
        Map<String, Object> out = Latency.map();
        out.put("receivers", receivers);
        out.put("payloadBytes", Scenarios.FANOUT_PAYLOAD);
        out.put("transport", "polling");
        Load load = new Load(receivers, Math.max(4L * receivers, 16_000));
        WsPool pool = new WsPool(gen, 1, 1, load, Codec.JSON).start();
        List<PollClient> subs = new ArrayList<>();
        gen.run(() -> load.subs = subs);
        long t0 = System.nanoTime();
        for (int from = 0; from < receivers; from += 250) {
            int to = Math.min(receivers, from + 250);
            int first = from;
            gen.run(() -> {
                for (int i = first; i < to; i++) {
                    PollClient c = new PollClient(gen, i, load);
                    subs.add(c);
                    c.start();
                }
            });
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (gen.call(() -> load.joined + load.failed < to) && System.nanoTime() < deadline) {
                WsPool.sleep(0.05);
            }
        }
        boolean ok = pool.await(60) && gen.call(() -> load.joined == receivers);
        out.put("joinSeconds", Scenarios.round((System.nanoTime() - t0) / 1e9, 2));
        if (!ok) {
            out.put("error", "only " + gen.call(() -> load.joined) + " of " + receivers + " polling clients joined"
                    + gen.call(() -> load.firstFailure == null ? "" : ": " + load.firstFailure));
        } else {
            WsClient publisher = pool.connectedClients().get(0);
            gen.run(() -> {
                load.publisher = publisher;
                load.maybePublish();
            });
            WsPool.sleep(warm);
            gen.run(load::reset);
            Window w = new Window(server);
            WsPool.sleep(measure);
            long delivered = gen.call(() -> load.delivered - load.deliveredAtReset);
            long polls = gen.call(() -> load.polls() - load.pollsAtReset);
            w.end(out, delivered, "deliveriesPerSec", "serverCpuUsPerDelivery");
            double secs = (Double) out.get("seconds");
            out.put("messagesPerPollAnswer", polls == 0 ? null : Scenarios.round(delivered / (double) polls, 2));
            gen.run(() -> {
                load.running = false;
                Latency.put(out, "delivery", load.hist);
                out.put("dropped", load.closed);
                if (load.firstDrop != null) {
                    out.put("firstDrop", String.valueOf(load.firstDrop));
                }
            });
            out.put("publishedPerSec", Math.round(gen.call(() -> load.published - load.publishedAtReset) / secs));
        }
        gen.run(() -> subs.forEach(PollClient::close));
        pool.abortAll();
        long t1 = System.nanoTime();
        // a client whose close POST met a connection the server was closing at that moment (idle keep-alive) would
        // wait for an answer that never comes: after a grace period every connection is reset (the server ends a
        // polling session whose pending GET's connection closes)
        WsPool.sleep(1.5);
        gen.run(() -> subs.forEach(PollClient::abort));
        scenarios.awaitSockets(0, 60);
        out.put("teardownSeconds", Scenarios.round((System.nanoTime() - t1) / 1e9, 2));
        gen.run(() -> out.put("postReconnects", subs.stream().mapToInt(c -> c.postReopened).sum()));
        return out;
    }

    private final class Load implements WsClient.Listener, PollClient.Listener {
        private static final int SEQ_RING = 1 << 16;
        final int receivers;
        final long window;
        final long[] sentAt = new long[SEQ_RING];
        final byte[] join = Codec.JSON.body("join", "r");
        WsClient publisher;
        Histogram hist = Latency.histogram();
        boolean running = true;
        int joined;
        int failed;
        int closed;
        Throwable firstFailure;
        Throwable firstDrop;
        long published;
        long publishedAtReset;
        long delivered;
        long deliveredAtReset;
        List<PollClient> subs = List.of();
        long pollsAtReset;

        Load(int receivers, long window) {
            this.receivers = receivers;
            this.window = window;
        }

        void maybePublish() {
            boolean sent = false;
            while (running && published * receivers - delivered < window) {
                long seq = published++;
                sentAt[(int) (seq & (SEQ_RING - 1))] = System.nanoTime();
                byte[] body = Codec.JSON.body("publish", "r", Wire.seqPayload(seq, Scenarios.FANOUT_PAYLOAD));
                Codec.JSON.send(publisher, Codec.JSON.event(publisher.nextId++, body), !batched);
                sent = true;
            }
            if (sent && batched) {
                publisher.flush();
            }
        }

        long polls() {
            long n = 0;
            for (PollClient c : subs) {
                n += c.getsAnswered;
            }
            return n;
        }

        void reset() {
            hist = Latency.histogram();
            deliveredAtReset = delivered;
            pollsAtReset = polls();
            publishedAtReset = published;
        }

        @Override
        public void onConnected(PollClient c) {
            c.post("42" + (c.nextId++) + new String(join, java.nio.charset.StandardCharsets.US_ASCII));
        }

        @Override
        public void onAck(PollClient c, long id) {
            joined++;
        }

        @Override
        public void onEvent(PollClient c, String body, int from, int to) {
            delivered++;
            if (c.index() % 50 == 0) {
                long seq = seqOf(body, from, to);
                if (seq >= 0) {
                    Latency.record(hist, System.nanoTime() - sentAt[(int) (seq & (SEQ_RING - 1))]);
                }
            }
            if (publisher != null && published * receivers - delivered <= window - receivers) {
                maybePublish();
            }
        }

        @Override
        public void onClosed(PollClient c, Throwable cause) {
            if (c.wasConnected()) {
                closed++;
                if (firstDrop == null) {
                    firstDrop = cause == null ? new IllegalStateException("closed by the server") : cause;
                }
            } else {
                failed++;
                if (firstFailure == null) {
                    firstFailure = cause;
                }
            }
        }

        @Override
        public void onAck(WsClient c, long id, ByteBuf buf, int from, int to) {
            // the publisher's acks
        }
    }

    private static long seqOf(String s, int from, int to) {
        int run = 0;
        for (int i = from; i < to; i++) {
            char d = s.charAt(i);
            if (d >= '0' && d <= '9') {
                run++;
            } else {
                if (d == ':' && run >= 10) {
                    return Long.parseLong(s, i - 10, i, 10);
                }
                run = 0;
            }
        }
        return -1;
    }
}
