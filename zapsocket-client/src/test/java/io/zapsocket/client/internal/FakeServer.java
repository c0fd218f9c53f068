package io.zapsocket.client.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scriptable Engine.IO server for unit tests, on an ephemeral loopback port: every HTTP request is queued as an
 * {@link Exchange} that the test answers (or holds, like a long-poll); WebSocket upgrades are refused with 400 or
 * accepted and queued as a {@link Ws} whose frames the test reads and writes. No timing assumptions: the test
 * waits for each request (10 s bound).
 */
final class FakeServer implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("fake-server", true), NioIoHandler.newFactory());
    private final Channel server;
    private final LinkedBlockingQueue<Exchange> gets = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Exchange> posts = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Ws> websockets = new LinkedBlockingQueue<>();
    private volatile boolean acceptWebSocket;

    private final boolean tls;

    FakeServer() {
        this(null);
    }

    /** @param ssl a server TLS context (https/wss), or null for plain HTTP */
    FakeServer(io.netty.handler.ssl.SslContext ssl) {
        this.tls = ssl != null;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new Handler());
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port();
    }

    private volatile String coalescedOpen;

    /**
     * Accept WebSocket upgrades and send {@code text} in the same TCP write as the 101 response (a server that
     * sends its open packet at once; the client reads both in one go).
     */
    FakeServer acceptWebSocketSendingAtOnce(String text) {
        this.acceptWebSocket = true;
        this.coalescedOpen = text;
        return this;
    }

    /** Accept WebSocket upgrades (refused with 400 by default). */
    FakeServer acceptWebSocket(boolean accept) {
        this.acceptWebSocket = accept;
        return this;
    }

    Exchange nextGet() throws InterruptedException {
        return take(gets, "GET");
    }

    Exchange nextPost() throws InterruptedException {
        return take(posts, "POST");
    }

    Ws nextWebSocket() throws InterruptedException {
        return take(websockets, "WebSocket");
    }

    private static <T> T take(LinkedBlockingQueue<T> q, String what) throws InterruptedException {
        T t = q.poll(10, TimeUnit.SECONDS);
        if (t == null) {
            throw new AssertionError("no " + what + " request within 10 s");
        }
        return t;
    }

    /**
     * Completes an upgrade after the test sent {@code 3probe}: answers every long-poll with a noop, as a server does
     * during an upgrade (the client may have started a new poll before it saw the probe answer), until the client
     * sends {@code 5} on the WebSocket.
     */
    void awaitUpgradePacket(Ws ws) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String text = ws.texts.poll(20, TimeUnit.MILLISECONDS);
            if (text != null) {
                if (!text.equals("5")) {
                    throw new AssertionError("expected the upgrade packet 5, got " + text);
                }
                return;
            }
            Exchange poll = gets.poll();
            if (poll != null) {
                poll.respond("6");
            }
        }
        throw new AssertionError("no upgrade packet within 10 s");
    }

    /** Answers a polling handshake GET with an open packet (sid "s1"). */
    static String openPacket(long pingInterval, long pingTimeout, String... upgrades) {
        StringBuilder sb = new StringBuilder("0{\"sid\":\"s1\",\"upgrades\":[");
        for (int i = 0; i < upgrades.length; i++) {
            sb.append(i > 0 ? "," : "").append('"').append(upgrades[i]).append('"');
        }
        return sb.append("],\"pingInterval\":").append(pingInterval).append(",\"pingTimeout\":").append(pingTimeout)
                .append(",\"maxPayload\":1000000}").toString();
    }

    /** One HTTP request waiting for the test's answer. */
    static final class Exchange {
        private final ChannelHandlerContext ctx;
        final String uri;
        final Map<String, List<String>> query;
        final String body;
        io.netty.handler.codec.http.HttpHeaders headers = io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE;

        Exchange(ChannelHandlerContext ctx, String uri, String body) {
            this.ctx = ctx;
            this.uri = uri;
            this.query = new QueryStringDecoder(uri).parameters();
            this.body = body;
        }

        String param(String name) {
            List<String> v = query.get(name);
            return v == null ? null : v.get(0);
        }

        void respond(int status, String contentType, String body) {
            ctx.executor().execute(() -> {
                FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(status), Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
                HttpUtil.setContentLength(r, r.content().readableBytes());
                ctx.writeAndFlush(r);
            });
        }

        void respond(String payload) {
            respond(200, "text/plain; charset=UTF-8", payload);
        }

        /** Closes the connection without answering (a kept-alive connection dying under the request). */
        void drop() {
            ctx.close();
        }

        void ok() {
            respond(200, "text/html", "ok");
        }

        @Override
        public String toString() {
            return uri + " " + body;
        }
    }

    /** An accepted WebSocket. */
    static final class Ws {
        private final Channel channel;
        private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final String uri;
        io.netty.handler.codec.http.HttpHeaders headers = io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE;

        Ws(Channel channel, String uri) {
            this.channel = channel;
            this.uri = uri;
        }

        String nextText() throws InterruptedException {
            return take(texts, "WebSocket text frame");
        }

        void send(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }

        void close() {
            channel.close();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private WebSocketServerHandshaker handshaker;
        private Ws ws;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WebSocketFrame frame) {
                if (frame instanceof CloseWebSocketFrame) {
                    handshaker.close(ctx.channel(), (CloseWebSocketFrame) frame.retain());
                } else if (frame instanceof TextWebSocketFrame t) {
                    ws.texts.add(t.text());
                }
                return;
            }
            FullHttpRequest req = (FullHttpRequest) msg;
            if (req.headers().contains(HttpHeaderNames.UPGRADE)) {
                if (!acceptWebSocket) {
                    new Exchange(ctx, req.uri(), "").respond(400, "text/html", "Bad request");
                    return;
                }
                if (coalescedOpen != null) {
                    upgradeWithCoalescedFrame(ctx, req, coalescedOpen);
                    return;
                }
                handshaker = new WebSocketServerHandshakerFactory("ws://127.0.0.1" + req.uri(), null, false)
                        .newHandshaker(req);
                handshaker.handshake(ctx.channel(), req);
                ws = new Ws(ctx.channel(), req.uri());
                ws.headers = req.headers().copy();
                websockets.add(ws);
                return;
            }
            Exchange ex = new Exchange(ctx, req.uri(), req.content().toString(StandardCharsets.UTF_8));
            ex.headers = req.headers().copy();
            (req.method().name().equals("POST") ? posts : gets).add(ex);
        }
        /** Writes the 101 response and one text frame as a single buffer, then speaks WebSocket. */
        private void upgradeWithCoalescedFrame(ChannelHandlerContext ctx, FullHttpRequest req, String text) {
            try {
                String key = req.headers().get("Sec-WebSocket-Key");
                String accept = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest
                        .getInstance("SHA-1").digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                .getBytes(StandardCharsets.US_ASCII)));
                byte[] head = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] payload = text.getBytes(StandardCharsets.UTF_8);
                io.netty.buffer.ByteBuf out = Unpooled.buffer();
                out.writeBytes(head).writeByte(0x81);
                if (payload.length < 126) {
                    out.writeByte(payload.length);
                } else {
                    out.writeByte(126).writeShort(payload.length);
                }
                out.writeBytes(payload);
                io.netty.channel.ChannelPipeline p = ctx.pipeline();
                p.replace(HttpServerCodec.class, "ws-decoder",
                        new io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder(true, false, 1 << 20));
                p.addAfter("ws-decoder", "ws-encoder",
                        new io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder(false));
                p.remove(HttpObjectAggregator.class);
                p.firstContext().writeAndFlush(out);
                ws = new Ws(ctx.channel(), req.uri());
                websockets.add(ws);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
