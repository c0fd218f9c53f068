package io.zapsocket.webtransport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.ReferenceCountUtil;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Echo with ack, closed loop, over WebTransport and over WebSocket against one server, in the same run: round trips
 * per second, p50/p99 latency and the server's CPU per round trip (CPU time of the server's own event-loop threads:
 * {@code zapsocket-io-*} for WebSocket, {@code zapsocket-quic-*} for WebTransport; the clients' threads are not
 * counted). Not a CI test: {@code -Dzapsocket.bench=true} runs it, e.g.
 * {@code ./mvnw -o -pl zapsocket-protocol,zapsocket-server,zapsocket-client,zapsocket-webtransport test
 * -Dtest=WebTransportEchoBench -Dzapsocket.bench=true -Dleak.level=disabled -Dsurefire.failIfNoSpecifiedTests=false}.
 * The WebTransport clients are raw (Netty QUIC, one Engine.IO stream each); the WebSocket clients are Zap-Socket's
 * Java client, so the latency columns include different client costs; the CPU column is the server's alone.
 */
class WebTransportEchoBench {
    private static final int CLIENTS = Integer.getInteger("zapsocket.bench.clients", 20);
    private static final int SECONDS = Integer.getInteger("zapsocket.bench.seconds", 10);
    private static final int WARMUP_SECONDS = Integer.getInteger("zapsocket.bench.warmup", 3);

    @Test
    void echoOverWebTransportAndWebSocket() throws Exception {
        assumeTrue(Boolean.getBoolean("zapsocket.bench"), "a benchmark: -Dzapsocket.bench=true");
        DevCertificate cert = DevCertificate.generate();
        SocketServer server = SocketServer.create(ServerOptions.builder().build());
        server.onConnection(socket -> socket.on("echo", (event, ack) -> ack.send(event.get(0))));
        InetSocketAddress address = server.listen("127.0.0.1", 0).join();
        WebTransportServer wt = WebTransportServer.start(server, WebTransportOptions.builder().port(0)
                .tls(cert.tlsOptions()).build()).join();
        try {
            Result ws = runWebSocket(address.getPort());
            Result w = runWebTransport(wt.address().getPort(), cert);
            System.out.println();
            System.out.println("| echo+ack, closed loop, " + CLIENTS + " clients, " + SECONDS + " s | round trips/s"
                    + " | p50 / p99 ms | server CPU µs/round trip |");
            System.out.println("|---|---:|---:|---:|");
            System.out.println(ws.row("WebSocket (Java client)"));
            System.out.println(w.row("WebTransport (raw QUIC client)"));
        } finally {
            server.close().get(10, TimeUnit.SECONDS);
            wt.close().get(10, TimeUnit.SECONDS);
        }
    }

    private Result runWebSocket(int port) throws Exception {
        List<SocketClient> clients = new ArrayList<>();
        List<ClientSocket> sockets = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            SocketClient c = SocketClient.create("http://127.0.0.1:" + port,
                    ClientOptions.builder().transports(Transport.WEBSOCKET).build());
            ClientSocket s = c.socket("/");
            s.connect();
            clients.add(c);
            sockets.add(s);
        }
        for (ClientSocket s : sockets) {
            s.emitWithAck("echo", "warm").get(10, TimeUnit.SECONDS);
        }
        try {
            return measure("zapsocket-io", (i, stop, latencies) -> {
                ClientSocket s = sockets.get(i);
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    s.emitWithAck("echo", "hello").get(10, TimeUnit.SECONDS);
                    latencies.add(System.nanoTime() - t0);
                }
            });
        } finally {
            for (SocketClient c : clients) {
                c.close();
            }
        }
    }

    private Result runWebTransport(int port, DevCertificate cert) throws Exception {
        List<WtTestClient> clients = new ArrayList<>();
        List<RawSession> sessions = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            WtTestClient c = new WtTestClient(new InetSocketAddress("127.0.0.1", port), cert);
            clients.add(c);
            sessions.add(RawSession.open(c));
        }
        try {
            return measure("zapsocket-quic", (i, stop, latencies) -> {
                RawSession s = sessions.get(i);
                int id = 0;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    s.send("2" + id + "[\"echo\",\"hello\"]");
                    String reply = s.next();
                    if (!reply.equals("3" + id + "[\"hello\"]")) {
                        throw new IllegalStateException("unexpected " + reply);
                    }
                    latencies.add(System.nanoTime() - t0);
                    id++;
                }
            });
        } finally {
            for (WtTestClient c : clients) {
                c.close();
            }
        }
    }

    private interface Loop {
        void run(int client, AtomicBoolean stop, List<Long> latencies) throws Exception;
    }

    private Result measure(String serverThreads, Loop loop) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<List<Long>> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            List<Long> lat = new ArrayList<>(1 << 16);
            all.add(lat);
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    loop.run(n, stop, lat);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "bench-client-" + i);
            threads.add(t);
            t.start();
        }
        Thread.sleep(WARMUP_SECONDS * 1000L);
        long cpu0 = serverCpuNanos(serverThreads);
        long t0 = System.nanoTime();
        int[] start = new int[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            start[i] = all.get(i).size();
        }
        Thread.sleep(SECONDS * 1000L);
        long cpu1 = serverCpuNanos(serverThreads);
        long elapsed = System.nanoTime() - t0;
        int[] end = new int[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            end[i] = all.get(i).size();
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(15_000);
        }
        long ops = 0;
        List<Long> window = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            ops += end[i] - start[i];
            window.addAll(all.get(i).subList(start[i], end[i]));
        }
        long[] sorted = window.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Result(ops * 1e9 / elapsed, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, (cpu1 - cpu0) / 1e3 / ops);
    }

    private static long serverCpuNanos(String prefix) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long c = mx.getThreadCpuTime(info.getThreadId());
                if (c > 0) {
                    sum += c;
                }
            }
        }
        return sum;
    }

    private record Result(double perSecond, double p50, double p99, double cpuMicros) {
        String row(String name) {
            return String.format("| %s | %.0f | %.2f / %.2f | %.1f |", name, perSecond, p50, p99, cpuMicros);
        }
    }

    /** One raw WebTransport session: Engine.IO and Socket.IO by hand (open, namespace connect, pong). */
    private static final class RawSession {
        private final QuicStreamChannel stream;
        private final BlockingQueue<String> packets = new LinkedBlockingQueue<>();

        private RawSession(QuicStreamChannel stream) {
            this.stream = stream;
        }

        static RawSession open(WtTestClient client) throws Exception {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            QuicStreamChannel connect = client.connect("/socket.io/", null, events);
            if (!"status 200".equals(events.poll(5, TimeUnit.SECONDS))) {
                throw new IllegalStateException("no session");
            }
            RawSession[] holder = new RawSession[1];
            ByteBuf[] rest = {null};
            QuicStreamChannel s = client.quic.createStream(QuicStreamType.BIDIRECTIONAL,
                    new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf in = (ByteBuf) msg;
                            ByteBuf buf = rest[0] == null ? in : Unpooled.wrappedBuffer(rest[0], in);
                            rest[0] = null;
                            while (true) {
                                buf.markReaderIndex();
                                if (!buf.isReadable()) {
                                    break;
                                }
                                int len = buf.readUnsignedByte() & 0x7f;
                                if (len == 126) {
                                    if (buf.readableBytes() < 2) {
                                        buf.resetReaderIndex();
                                        break;
                                    }
                                    len = buf.readUnsignedShort();
                                }
                                if (buf.readableBytes() < len) {
                                    buf.resetReaderIndex();
                                    break;
                                }
                                String p = buf.readCharSequence(len, StandardCharsets.UTF_8).toString();
                                if (p.equals("2")) {
                                    ctx.writeAndFlush(Unpooled.wrappedBuffer(WtTestClient.text("3")));
                                } else if (p.startsWith("4")) {
                                    holder[0].packets.add(p.substring(1));
                                }
                            }
                            if (buf.isReadable()) {
                                rest[0] = Unpooled.copiedBuffer(buf);
                            }
                            ReferenceCountUtil.release(buf);
                        }
                    }).get(5, TimeUnit.SECONDS);
            RawSession session = new RawSession(s);
            holder[0] = session;
            s.writeAndFlush(WtTestClient.wtStream(connect.streamId(), WtTestClient.text("0"))).sync();
            session.send("0");
            String connected = session.next();
            if (!connected.startsWith("0")) {
                throw new IllegalStateException("namespace connect: " + connected);
            }
            return session;
        }

        /** Sends a message packet (Socket.IO packet {@code p}). */
        void send(String p) {
            stream.writeAndFlush(Unpooled.wrappedBuffer(WtTestClient.text("4" + p)));
        }

        /** The next Socket.IO packet. */
        String next() throws InterruptedException {
            String p = packets.poll(10, TimeUnit.SECONDS);
            if (p == null) {
                throw new IllegalStateException("no packet");
            }
            return p;
        }
    }
}
