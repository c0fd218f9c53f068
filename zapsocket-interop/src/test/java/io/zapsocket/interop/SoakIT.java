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
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded soak: {@code zapsocket.soak.clients} (2 000) WebSocket clients with connect/disconnect churn for
 * {@code zapsocket.soak.seconds} (60) — acked emits, room broadcasts, heartbeats, clean and abrupt closes — under
 * paranoid leak detection (the test kit fails the class on any leak report). At the end every connection is gone
 * and the heap is back near its baseline.
 */
class SoakIT {
    private static final int CLIENTS = Integer.getInteger("zapsocket.soak.clients", 2000);
    private static final int SECONDS = Integer.getInteger("zapsocket.soak.seconds", 60);
    private static final String[] HOSTS = {"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};

    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong acksSent = new AtomicLong();
    private final AtomicLong acksReceived = new AtomicLong();
    private final AtomicLong broadcastsReceived = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ConcurrentHashMap<Channel, Boolean> live = new ConcurrentHashMap<>();
    /** Set when the soak ends: connects cut short by the shutdown are not failures. */
    private volatile boolean stopping;
    /** Clients connecting or connected: the churn loop keeps this at CLIENTS. */
    private final java.util.concurrent.atomic.AtomicInteger population = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void churnLeavesNoLeakNoConnectionAndNoHeapGrowth() throws Exception {
        SocketServer io = SocketServer.create(ServerOptions.builder()
                .pingInterval(Duration.ofSeconds(1)).pingTimeout(Duration.ofSeconds(2)).build());
        io.onConnection(s -> {
            s.join("r" + ThreadLocalRandom.current().nextInt(10));
            s.on("echo", (args, ack) -> ack.send(args.toArray()));
        });
        int port = io.listen("0.0.0.0", 0).join().getPort();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = settledHeap(memory);

        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        try {
            for (int i = 0; i < CLIENTS; i++) {
                connect(group, port, i);
                if (i % 200 == 199) {
                    Thread.sleep(50); // ramp up
                }
            }
            int round = 0;
            while (System.nanoTime() < deadline) {
                io.to("r" + (round++ % 10)).emit("news", round, "x".repeat(100));
                Thread.sleep(100);
                // keep the population at CLIENTS: replace the ones that left
                int missing = CLIENTS - population.get();
                for (int i = 0; i < missing; i++) {
                    connect(group, port, round * 31 + i);
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
        await().atMost(Duration.ofSeconds(30)).until(() -> io.stats().connections() == 0);
        long after = settledHeap(memory);
        io.close().join();

        System.out.printf("soak: %d connects, %d acks sent / %d received, %d broadcasts received, %d failures, "
                + "heap %d MB -> %d MB%n", connects.get(), acksSent.get(), acksReceived.get(),
                broadcastsReceived.get(), failures.get(), baseline >> 20, after >> 20);
        assertThat(failures.get()).isZero();
        assertThat(connects.get()).isGreaterThan(CLIENTS);
        assertThat(acksReceived.get()).isGreaterThan(acksSent.get() / 2);
        assertThat(broadcastsReceived.get()).isPositive();
        assertThat(io.stats().connections()).isZero();
        assertThat(after - baseline).as("heap growth after the soak").isLessThan(48L << 20);
    }

    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    private void connect(EventLoopGroup group, int port, int n) {
        String host = HOSTS[n % HOSTS.length];
        URI uri = URI.create("ws://" + host + ":" + port + "/socket.io/?EIO=4&transport=websocket");
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                        uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 1 << 20)),
                                new SoakClient());
                    }
                });
        population.incrementAndGet();
        ChannelFuture f = b.connect(host, port);
        f.addListener(x -> {
            if (x.isSuccess()) {
                connects.incrementAndGet();
                live.put(f.channel(), Boolean.TRUE);
                f.channel().closeFuture().addListener(y -> {
                    live.remove(f.channel());
                    population.decrementAndGet();
                });
            } else {
                population.decrementAndGet();
                if (!stopping) {
                    failures.incrementAndGet();
                    System.err.println("soak: connect failed: " + x.cause());
                }
            }
        });
    }

    /** Joins "/", emits acked echoes, answers pings, and leaves after a few seconds (cleanly or abruptly). */
    private final class SoakClient extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private int nextAck = 1;
        private final List<Integer> pending = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                long lifetime = 2000 + ThreadLocalRandom.current().nextInt(4000);
                ScheduledFuture<?> leaving = ctx.executor().schedule(() -> leave(ctx), lifetime, TimeUnit.MILLISECONDS);
                ScheduledFuture<?> echoes = ctx.executor().scheduleAtFixedRate(() -> echo(ctx), 300, 500,
                        TimeUnit.MILLISECONDS);
                // a periodic task outlives its channel unless cancelled: it would keep every closed client (and its
                // pipeline) reachable, and the heap check would measure the test's clients, not the server
                ctx.channel().closeFuture().addListener(x -> {
                    leaving.cancel(false);
                    echoes.cancel(false);
                });
            }
            super.userEventTriggered(ctx, evt);
        }

        private void echo(ChannelHandlerContext ctx) {
            if (ctx.channel().isActive()) {
                int id = nextAck++;
                pending.add(id);
                acksSent.incrementAndGet();
                ctx.writeAndFlush(new TextWebSocketFrame("42" + id + "[\"echo\"," + id + ",\"payload\"]"));
            }
        }

        private void leave(ChannelHandlerContext ctx) {
            switch (ThreadLocalRandom.current().nextInt(3)) {
                case 0 -> ctx.writeAndFlush(new CloseWebSocketFrame(1000, "bye")); // clean WebSocket close
                case 1 -> ctx.writeAndFlush(new TextWebSocketFrame("41")).addListener(x -> ctx.close());
                default -> ctx.close(); // abrupt
            }
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
            } else if (t.startsWith("42[\"news\"")) {
                broadcastsReceived.incrementAndGet();
            } else if (!t.startsWith("40{") && !t.equals("1")) {
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
