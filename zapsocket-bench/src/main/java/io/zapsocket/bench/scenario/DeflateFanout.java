package io.zapsocket.bench.scenario;

import io.netty.buffer.ByteBuf;
import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.load.WsClient;
import io.zapsocket.bench.suite.ServerProcess;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Compressed fan-out (issue 20): {@code receivers} WebSocket clients that offered permessage-deflate (as Node's
 * {@code ws} client: {@code permessage-deflate; client_max_window_bits}) joined room {@code r}; one more client
 * publishes JSON messages of about {@code payloadBytes} bytes (an array of user records, as a presence or chat
 * update, led by a 10-digit sequence number) that every server re-emits to the room as {@code msg}, compressed with
 * whatever permessage-deflate parameters it negotiated (reported as {@code extensions}). The publisher keeps at most
 * {@code max(4 × receivers, 16 000)} deliveries outstanding, as in {@link Fanout}.
 *
 * <p>Every 50th receiver inflates all it gets (keeping its window, so context takeover or not both read), checks the
 * sequence number and samples the delivery latency; the others inflate small frames only (the open packet, acks,
 * pings: Node's {@code ws} compresses those too) and count a compressed frame of at least
 * {@link WsClient#SKIP_INFLATE_BYTES} bytes as a delivery without inflating it, so the generator's core is not
 * spent on zlib. {@code compressedBytesPerMessage} is the size of one delivered frame's
 * payload as the first receiver saw it, {@code compressed} whether it had RSV1 set.
 */
final class DeflateFanout {
    private final LoadGen gen;
    private final ServerProcess server;
    private final Scenarios scenarios;

    DeflateFanout(LoadGen gen, ServerProcess server, Scenarios scenarios) {
        this.gen = gen;
        this.server = server;
        this.scenarios = scenarios;
    }

    /** {@code ["publish","r",["<seq>:",{user},...]]} split around the 10 sequence digits. */
    static byte[][] publishTemplate(int payloadBytes) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; records.length() < payloadBytes - 16; i++) {
            records.append(",{\"id\":").append(i).append(",\"name\":\"user-").append(i * 7919 % 1000)
                    .append("\",\"status\":\"").append(i % 3 == 0 ? "online" : "away")
                    .append("\",\"rooms\":[\"lobby\",\"room-").append(i % 10).append("\"],\"score\":")
                    .append(i * 37 % 500).append(",\"lastSeen\":\"2026-11-22T03:").append(10 + i % 50)
                    .append(":00Z\"}");
        }
        return new byte[][]{Wire.ascii("[\"publish\",\"r\",[\""), Wire.ascii(":\"" + records + "]]")};
    }

    static byte[] publishBody(byte[][] template, long seq) {
        byte[] head = template[0];
        byte[] tail = template[1];
        byte[] out = new byte[head.length + 10 + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        long v = seq;
        for (int i = head.length + 9; i >= head.length; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        System.arraycopy(tail, 0, out, head.length + 10, tail.length);
        return out;
    }

    Map<String, Object> run(int receivers, int payloadBytes, double warm, double measure) {
        Load load = new Load(receivers, Math.max(4L * receivers, 16_000), publishTemplate(payloadBytes));
        WsPool pool = new WsPool(gen, receivers + 1, 500, load, Codec.JSON)
                .setup(c -> c.offerDeflate(c.index() % 50 == 0)).start();
        Map<String, Object> out = Latency.map();
        out.put("receivers", receivers);
        out.put("payloadBytes", publishBody(load.template, 0).length - "[\"publish\",\"r\",]".length());
        if (!pool.await(120)) {
            out.put("error", "only " + gen.call(() -> pool.connected) + " of " + (receivers + 1) + " connected");
            pool.abortAll();
            scenarios.awaitSockets(0, 60);
            return out;
        }
        List<WsClient> cs = pool.connectedClients();
        byte[] join = Codec.JSON.body("join", "r");
        gen.run(() -> {
            out.put("extensions", cs.get(0).extensions());
            load.publisher = cs.get(cs.size() - 1);
            for (int i = 0; i < cs.size() - 1; i++) {
                WsClient c = cs.get(i);
                Codec.JSON.send(c, Codec.JSON.event(c.nextId++, join), true);
            }
        });
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (gen.call(() -> load.joined < receivers) && System.nanoTime() < deadline) {
            WsPool.sleep(0.05);
        }
        gen.run(load::maybePublish);
        WsPool.sleep(warm);
        gen.run(load::reset);
        Window w = new Window(server);
        WsPool.sleep(measure);
        long delivered = gen.call(() -> load.delivered - load.deliveredAtReset);
        w.end(out, delivered, "deliveriesPerSec", "serverCpuUsPerDelivery");
        gen.run(() -> {
            load.running = false;
            Latency.put(out, "delivery", load.hist);
            out.put("compressed", load.firstCompressed);
            out.put("compressedBytesPerMessage", load.firstSize);
            out.put("seqErrors", load.seqErrors);
            out.put("dropped", pool.dropped);
        });
        pool.abortAll();
        scenarios.awaitSockets(0, 60);
        return out;
    }

    private static final class Load implements WsClient.Listener {
        private static final int SEQ_RING = 1 << 16;
        final int receivers;
        final long window;
        final byte[][] template;
        final long[] sentAt = new long[SEQ_RING];
        WsClient publisher;
        Histogram hist = Latency.histogram();
        boolean running = true;
        int joined;
        long published;
        long delivered;
        long deliveredAtReset;
        /** The first delivery to client 0: whether it was compressed (RSV1), its payload size on the wire. */
        Boolean firstCompressed;
        int firstSize = -1;
        long seqErrors;

        Load(int receivers, long window, byte[][] template) {
            this.receivers = receivers;
            this.window = window;
            this.template = template;
        }

        void maybePublish() {
            while (running && published * receivers - delivered < window) {
                long seq = published++;
                sentAt[(int) (seq & (SEQ_RING - 1))] = System.nanoTime();
                Codec.JSON.send(publisher, Codec.JSON.event(publisher.nextId++, publishBody(template, seq)), true);
            }
        }

        void reset() {
            hist = Latency.histogram();
            deliveredAtReset = delivered;
        }

        @Override
        public void onAck(WsClient c, long id, ByteBuf buf, int from, int to) {
            if (c != publisher) {
                joined++; // the join acks
            }
        }

        @Override
        public void onEvent(WsClient c, ByteBuf buf, int from, int to) {
            delivered++;
            if (c.index() == 0 && firstSize < 0) {
                // client 0 inflates: the range is the inflated packet; the wire size is the frame it came in
                firstSize = c.lastFrameBytes();
                firstCompressed = c.lastFrameCompressed();
            }
            if (c.index() % 50 == 0) {
                long seq = Wire.seqOf(buf, from, to);
                if (seq < 0 || seq >= published) {
                    seqErrors++;
                } else {
                    Latency.record(hist, System.nanoTime() - sentAt[(int) (seq & (SEQ_RING - 1))]);
                }
            }
            if (publisher != null && published * receivers - delivered <= window - receivers) {
                maybePublish();
            }
        }
    }
}
