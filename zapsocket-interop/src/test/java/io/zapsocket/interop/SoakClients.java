package io.zapsocket.interop;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of {@link SoakIT}, in its own JVM so that the clients' file descriptors do not count against the
 * server's limit: {@code SoakClients <port> <clients> <seconds> <index> <processes>} (client process {@code index}
 * of {@code processes}) keeps {@code clients} WebSocket clients
 * connected to the server on {@code port} for {@code seconds}, with churn (each client leaves 2-6 s after its
 * Socket.IO connect, cleanly once its acks are in or abruptly, and is replaced), acked echoes (one at a time, every
 * 500 ms) and room broadcasts received. At most
 * {@value #HANDSHAKES_IN_FLIGHT} clients (over all client processes) are between their TCP connect and their
 * Socket.IO connect at any time: a busy server slows the churn down instead of letting connects pile up in its accept
 * backlog until they time out. Then it closes every client and prints
 * one {@code counters connects=N acksSent=N acksReceived=N broadcastsReceived=N failures=N peakLive=N meanLive=N}
 * line on stdout (peak and mean of the open connections, sampled every 50 ms; progress
 * lines every 60 s start with {@code progress}). It exits when its stdin closes, i.e. when the test JVM is gone.
 */
final class SoakClients {
    private static final String[] HOSTS = {"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};
    private static final int HANDSHAKES_IN_FLIGHT = 1000;
    private static final Runnable NOTHING = () -> { };

    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong acksSent = new AtomicLong();
    private final AtomicLong acksReceived = new AtomicLong();
    private final AtomicLong broadcastsReceived = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ConcurrentHashMap<Channel, Boolean> live = new ConcurrentHashMap<>();
    /** Set when the soak ends: connects cut short by the shutdown are not failures. */
    private volatile boolean stopping;
    /** Clients connecting or connected: the churn loop keeps this at the target. */
    private final AtomicInteger population = new AtomicInteger();
    /** Clients not yet connected to "/" (TCP, WebSocket or Socket.IO handshake under way). */
    private final AtomicInteger handshaking = new AtomicInteger();
    private long peakLive;
    private long liveSum;
    private long liveSamples;
    private final int port;

    private SoakClients(int port) {
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int clients = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int index = Integer.parseInt(args[3]);
        int processes = Integer.parseInt(args[4]);
        exitWhenStdinCloses();
        SoakClients soak = new SoakClients(port);
        soak.run(clients, seconds, index, Math.max(1, 200 / processes), HANDSHAKES_IN_FLIGHT / processes);
        System.out.println(soak.counters("counters"));
        System.out.flush();
        System.exit(0);
    }

    /** The test JVM closes our stdin to stop us, and its death closes it too: never outlive it. */
    private static void exitWhenStdinCloses() {
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent on stdin
                }
            } catch (IOException ignored) {
                // closed
            }
            Runtime.getRuntime().halt(3);
        }, "stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Every 50 ms, starts up to {@code step} clients (all client processes together 200, as when they shared a JVM) to
     * bring the population back to {@code clients}, with at most {@code inFlight} handshakes under way.
     */
    private void run(int clients, int seconds, int index, int step, int inFlight) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextProgress = start + TimeUnit.SECONDS.toNanos(60);
        int seed = index * 7919;
        try {
            int n = seed;
            while (System.nanoTime() < deadline) {
                // keep the population at the target: the ramp-up, then replacing the ones that left
                int starts = Math.min(step, Math.min(clients - population.get(), inFlight - handshaking.get()));
                for (int i = 0; i < starts; i++) {
                    connect(group, n++);
                }
                Thread.sleep(50);
                int now = live.size();
                peakLive = Math.max(peakLive, now);
                liveSum += now;
                liveSamples++;
                if (System.nanoTime() >= nextProgress) {
                    nextProgress += TimeUnit.SECONDS.toNanos(60);
                    long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                    System.out.println(counters("progress t=" + elapsed + "s live=" + live.size() + " handshaking="
                            + handshaking.get()));
                }
            }
            stopping = true;
            for (Channel c : live.keySet()) {
                c.close();
            }
        } finally {
            stopping = true;
            // closes the channels still connecting when the loop above ran, too
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private String counters(String prefix) {
        return prefix + " connects=" + connects.get() + " acksSent=" + acksSent.get() + " acksReceived="
                + acksReceived.get() + " broadcastsReceived=" + broadcastsReceived.get() + " failures="
                + failures.get() + " peakLive=" + peakLive + " meanLive=" + liveSum / Math.max(1, liveSamples);
    }

    private void connect(EventLoopGroup group, int n) {
        Handshake handshake = new Handshake();
        String host = HOSTS[Math.floorMod(n, HOSTS.length)];
        URI uri = URI.create("ws://" + host + ":" + port + "/socket.io/?EIO=4&transport=websocket");
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                        uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 1 << 20)),
                                new Client(handshake));
                    }
                });
        population.incrementAndGet();
        handshaking.incrementAndGet();
        ChannelFuture f = b.connect(host, port);
        f.addListener(x -> {
            if (x.isSuccess()) {
                connects.incrementAndGet();
                live.put(f.channel(), Boolean.TRUE);
                f.channel().closeFuture().addListener(y -> {
                    live.remove(f.channel());
                    population.decrementAndGet();
                    handshake.done();
                });
            } else {
                population.decrementAndGet();
                handshake.done();
                if (!stopping) {
                    failures.incrementAndGet();
                    System.err.println("soak: connect failed: " + x.cause());
                }
            }
        });
    }

    /** One client's handshake: counted in {@link #handshaking} until connected to "/" or closed, whichever first. */
    private final class Handshake {
        private final AtomicBoolean done = new AtomicBoolean();

        void done() {
            if (done.compareAndSet(false, true)) {
                handshaking.decrementAndGet();
            }
        }
    }

    /** Joins "/", emits acked echoes, answers pings, and leaves after a few seconds (cleanly or abruptly). */
    private final class Client extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final Handshake handshake;
        private int nextAck = 1;
        private final List<Integer> pending = new ArrayList<>();
        /** Set when leaving (no more echoes): the close still to do once the acks are in, then {@link #NOTHING}. */
        private Runnable departure;

        Client(Handshake handshake) {
            this.handshake = handshake;
        }

        /** Connected to "/": echoes every 500 ms, and leaves after 2-6 s. */
        private void connected(ChannelHandlerContext ctx) {
            handshake.done();
            long lifetime = 2000 + ThreadLocalRandom.current().nextInt(4000);
            ScheduledFuture<?> leaving = ctx.executor().schedule(() -> leave(ctx), lifetime, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> echoes = ctx.executor().scheduleAtFixedRate(() -> echo(ctx), 300, 500,
                    TimeUnit.MILLISECONDS);
            // a periodic task outlives its channel unless cancelled: it would keep every closed client reachable
            ctx.channel().closeFuture().addListener(x -> {
                leaving.cancel(false);
                echoes.cancel(false);
            });
        }

        private void echo(ChannelHandlerContext ctx) {
            // one echo at a time: a busy server that answers late gets fewer echoes, not a growing backlog
            if (ctx.channel().isActive() && departure == null && pending.isEmpty()) {
                int id = nextAck++;
                pending.add(id);
                acksSent.incrementAndGet();
                ctx.writeAndFlush(new TextWebSocketFrame("42" + id + "[\"echo\"," + id + ",\"payload\"]"));
            }
        }

        /**
         * Leaves: abruptly at once (acks still due are dropped), or cleanly once its acks are in (at most 10 s later:
         * a busy server answers late, and a clean leaver that gave up on them would count as lost acks).
         */
        private void leave(ChannelHandlerContext ctx) {
            switch (ThreadLocalRandom.current().nextInt(3)) {
                case 0 -> depart(ctx, () -> ctx.writeAndFlush(new CloseWebSocketFrame(1000, "bye"))); // WebSocket close
                case 1 -> depart(ctx, () -> ctx.writeAndFlush(new TextWebSocketFrame("41")) // Socket.IO disconnect
                        .addListener(x -> ctx.close()));
                default -> ctx.close(); // abrupt
            }
        }

        private void depart(ChannelHandlerContext ctx, Runnable close) {
            departure = close;
            if (pending.isEmpty()) {
                departNow();
            } else {
                ctx.executor().schedule(this::departNow, 10, TimeUnit.SECONDS);
            }
        }

        private void departNow() {
            Runnable close = departure;
            departure = NOTHING;
            close.run();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            String t = frame.text();
            if (t.startsWith("0{")) {
                ctx.writeAndFlush(new TextWebSocketFrame("40"));
            } else if (t.equals("2")) {
                ctx.writeAndFlush(new TextWebSocketFrame("3"));
            } else if (t.startsWith("43")) {
                int id = Integer.parseInt(t.substring(2, t.indexOf('[')));
                if (!pending.remove((Integer) id) || !t.equals("43" + id + "[" + id + ",\"payload\"]")) {
                    failures.incrementAndGet();
                    System.err.println("soak: unexpected ack " + t);
                }
                acksReceived.incrementAndGet();
                if (departure != null && pending.isEmpty()) {
                    departNow();
                }
            } else if (t.startsWith("42[\"news\"")) {
                broadcastsReceived.incrementAndGet();
            } else if (t.startsWith("40{")) {
                connected(ctx);
            } else if (!t.equals("1")) {
                failures.incrementAndGet();
                System.err.println("soak: unexpected frame " + t);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
