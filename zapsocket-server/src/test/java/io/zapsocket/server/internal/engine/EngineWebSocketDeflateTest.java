package io.zapsocket.server.internal.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import io.zapsocket.server.CompressionOptions;
import io.zapsocket.server.Priority;
import io.zapsocket.server.testing.JsonPayloads;
import io.zapsocket.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.zapsocket.server.internal.engine.EngineTestSupport.session;
import static io.zapsocket.server.internal.engine.EngineTestSupport.sid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * permessage-deflate end to end with Netty's own client-side extension: negotiation, bytes on the wire (counted
 * below the client's HTTP codec), the threshold, {@code compress(false)}, and inflating what the client compresses.
 */
class EngineWebSocketDeflateTest {
    private static final String JSON = JsonPayloads.users(10 * 1024);
    private TestServer server;
    private NettyWsClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A Netty WebSocket client that counts the bytes it receives and records text messages. */
    private static final class NettyWsClient implements AutoCloseable {
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final AtomicLong received = new AtomicLong();
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final CompletableFuture<String> extensions = new CompletableFuture<>();
        final CompletableFuture<Void> handshake = new CompletableFuture<>();
        Channel channel;

        static NettyWsClient connect(int port, boolean offerDeflate) throws Exception {
            NettyWsClient c = new NettyWsClient();
            URI uri = URI.create("ws://127.0.0.1:" + port + "/engine.io/?EIO=4&transport=websocket");
            c.channel = new Bootstrap().group(c.group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    c.received.addAndGet(((ByteBuf) msg).readableBytes());
                                    ctx.fireChannelRead(msg);
                                }
                            });
                            ch.pipeline().addLast(new HttpClientCodec(), new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    if (msg instanceof HttpResponse r) {
                                        String ext = r.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
                                        c.extensions.complete(ext == null ? "" : ext);
                                    }
                                    ctx.fireChannelRead(msg);
                                }
                            }, new HttpObjectAggregator(64 * 1024));
                            if (offerDeflate) {
                                ch.pipeline().addLast(new WebSocketClientCompressionHandler(0));
                            }
                            ch.pipeline().addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig
                                    .newBuilder().webSocketUri(uri).allowExtensions(true).build()));
                            ch.pipeline().addLast(new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                    c.texts.add(frame.text());
                                }

                                @Override
                                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                    if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent
                                            .HANDSHAKE_COMPLETE) {
                                        c.handshake.complete(null);
                                    }
                                    ctx.fireUserEventTriggered(evt);
                                }
                            });
                        }
                    }).connect("127.0.0.1", port).sync().channel();
            c.handshake.get(5, TimeUnit.SECONDS);
            return c;
        }

        String next() throws InterruptedException {
            String t = texts.poll(5, TimeUnit.SECONDS);
            assertThat(t).as("next message").isNotNull();
            return t;
        }

        void send(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text)).syncUninterruptibly();
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Bytes received by the client for one message sent by the server. */
    private long bytesFor(DefaultEngineSession s, OutboundMessage m) throws Exception {
        long before = client.received.get();
        s.send(m);
        assertThat(client.next()).isEqualTo("4" + m.text());
        return client.received.get() - before;
    }

    @Test
    void negotiatedDeflateShrinksLargeMessagesAndHonoursThresholdAndCompressFalse() throws Exception {
        server = TestServer.start(b -> b.perMessageDeflate(CompressionOptions.DEFAULT));
        client = NettyWsClient.connect(server.port, true);
        assertThat(client.extensions.get(5, TimeUnit.SECONDS)).startsWith("permessage-deflate");
        DefaultEngineSession s = session(server, sid(client.next()));

        long compressed = bytesFor(s, OutboundMessage.text(JSON));
        long plain = bytesFor(s, OutboundMessage.text(JSON).withFlags(false, false, Priority.NORMAL));
        long small = bytesFor(s, OutboundMessage.text("x".repeat(500)));
        System.out.printf("permessage-deflate (Netty client), 10 KiB JSON: %d -> %d bytes on the wire, ratio %.3f%n",
                plain, compressed, (double) compressed / plain);
        assertThat((double) compressed / plain).isLessThan(0.25);
        assertThat(plain).isGreaterThan(JSON.length());
        assertThat(small).isBetween(501L, 510L);

        // the client compresses what it sends: the server inflates it (and the echo comes back compressed)
        client.send("4" + JSON);
        assertThat(server.handler.next()).isEqualTo("open");
        assertThat(server.handler.next()).isEqualTo("message:" + JSON);
        assertThat(client.next()).isEqualTo("4" + JSON);
    }

    @Test
    void withoutServerOptionOrClientOfferNothingIsCompressed() throws Exception {
        server = TestServer.start(b -> b);
        client = NettyWsClient.connect(server.port, true);
        assertThat(client.extensions.get(5, TimeUnit.SECONDS)).isEmpty();
        DefaultEngineSession s = session(server, sid(client.next()));
        assertThat(bytesFor(s, OutboundMessage.text(JSON))).isGreaterThan(JSON.length());
        client.close();
        server.close();

        server = TestServer.start(b -> b.perMessageDeflate(CompressionOptions.DEFAULT));
        client = NettyWsClient.connect(server.port, false);
        assertThat(client.extensions.get(5, TimeUnit.SECONDS)).isEmpty();
        s = session(server, sid(client.next()));
        assertThat(bytesFor(s, OutboundMessage.text(JSON))).isGreaterThan(JSON.length());
    }
}
