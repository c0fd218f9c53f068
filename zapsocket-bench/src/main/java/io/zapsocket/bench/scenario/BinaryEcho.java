package io.zapsocket.bench.scenario;

import io.netty.buffer.ByteBuf;
import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.load.WsClient;
import io.zapsocket.bench.suite.ServerProcess;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * Binary echo with ack (issue 20): {@code clients} WebSocket clients of the default (JSON) parser, each with one
 * {@code echo(<bytes>)} in flight, the next sent when its ack arrives (closed loop). The event is a BINARY_EVENT:
 * the text frame {@code 451-<id>["echo",{"_placeholder":true,"num":0}]} followed by one binary frame of
 * {@code payloadBytes}; the server acknowledges with the same arguments, a BINARY_ACK
 * ({@code 461-<id>[{"_placeholder":true,"num":0}]} + the bytes back). Every server implements {@code echo} the same
 * way ({@code ack(...args)}), so no server needs anything new.
 *
 * <p>Ordinary clients write the text frame and the attachment with a write and a flush each, as socket.io-client's
 * two {@code WebSocket.send} calls do; the batching generator flushes them together.
 */
final class BinaryEcho {
    static final byte[] HEADER_TAIL = Wire.ascii("[\"echo\",{\"_placeholder\":true,\"num\":0}]");

    private final LoadGen gen;
    private final ServerProcess server;
    private final Scenarios scenarios;
    private final boolean batched;

    BinaryEcho(LoadGen gen, ServerProcess server, Scenarios scenarios, boolean batched) {
        this.gen = gen;
        this.server = server;
        this.scenarios = scenarios;
        this.batched = batched;
    }

    Map<String, Object> run(int clients, int payloadBytes, double warm, double measure) {
        byte[] payload = new byte[payloadBytes];
        ThreadLocalRandom.current().nextBytes(payload);
        Load load = new Load(payload);
        WsPool pool = new WsPool(gen, clients, 200, load, Codec.JSON).start();
        Map<String, Object> out = Latency.map();
        out.put("clients", clients);
        out.put("payloadBytes", payloadBytes);
        if (!pool.await(60)) {
            out.put("error", "only " + gen.call(() -> pool.connected) + " of " + clients + " connected");
            pool.abortAll();
            scenarios.awaitSockets(0, 30);
            return out;
        }
        List<WsClient> cs = pool.connectedClients();
        gen.run(() -> cs.forEach(c -> load.send(c, System.nanoTime())));
        WsPool.sleep(warm);
        gen.run(load::reset);
        Window w = new Window(server);
        WsPool.sleep(measure);
        long acks = gen.call(() -> load.acks);
        w.end(out, acks, "roundTripsPerSec", "serverCpuUsPerRoundTrip");
        double secs = (Double) out.get("seconds");
        // payload bytes each way per second
        out.put("payloadMBPerSecEachWay", Scenarios.round(acks * (double) payloadBytes / secs / 1e6, 1));
        gen.run(() -> {
            load.running = false;
            Latency.put(out, "latency", load.hist);
            out.put("badAcks", load.badAcks);
            out.put("dropped", pool.dropped);
        });
        pool.abortAll();
        scenarios.awaitSockets(0, 30);
        return out;
    }

    private final class Load implements WsClient.Listener {
        final byte[] payload;
        Histogram hist = Latency.histogram();
        boolean running = true;
        long acks;
        long badAcks;

        Load(byte[] payload) {
            this.payload = payload;
        }

        void send(WsClient c, long now) {
            long id = c.nextId++;
            c.startedAt = now;
            byte[] digits = Wire.ascii(Long.toString(id));
            byte[] head = new byte[4 + digits.length + HEADER_TAIL.length];
            head[0] = '4';
            head[1] = '5';
            head[2] = '1';
            head[3] = '-';
            System.arraycopy(digits, 0, head, 4, digits.length);
            System.arraycopy(HEADER_TAIL, 0, head, 4 + digits.length, HEADER_TAIL.length);
            c.sendText(head, !batched);
            c.sendBinary(payload, true);
        }

        @Override
        public void onAck(WsClient c, long id, ByteBuf buf, int from, int to) {
            long now = System.nanoTime();
            // the range is the last attachment: the bytes echoed back
            if (to - from != payload.length) {
                badAcks++;
            }
            Latency.record(hist, now - c.startedAt);
            acks++;
            if (running) {
                send(c, now);
            }
        }

        void reset() {
            hist = Latency.histogram();
            acks = 0;
        }
    }
}
