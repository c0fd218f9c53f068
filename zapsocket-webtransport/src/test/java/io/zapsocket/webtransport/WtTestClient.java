package io.zapsocket.webtransport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.http3.Http3Settings;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw WebTransport client for tests, on Netty's QUIC and HTTP/3 client: opens sessions (extended CONNECT) and
 * bidirectional streams whose bytes the test writes itself, so that it can send what no browser would.
 */
final class WtTestClient implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel udp;
    final QuicChannel quic;

    WtTestClient(InetSocketAddress server, DevCertificate cert) throws Exception {
        QuicSslContext ssl = QuicSslContextBuilder.forClient().trustManager(pinned(cert))
                .applicationProtocols(Http3.supportedApplicationProtocols()).build();
        udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(Http3.newQuicClientCodecBuilder().sslContext(ssl)
                        .maxIdleTimeout(10_000, TimeUnit.MILLISECONDS)
                        .initialMaxData(1 << 22)
                        .initialMaxStreamDataBidirectionalLocal(1 << 20)
                        .initialMaxStreamDataBidirectionalRemote(1 << 20)
                        .initialMaxStreamsBidirectional(16)
                        .datagram(16, 16)
                        .build())
                .bind(0).sync().channel();
        Http3Settings settings = new Http3Settings((id, v) -> true).enableH3Datagram(true);
        settings.put(0x2b603742L, 1L);
        quic = QuicChannel.newBootstrap(udp)
                .handler(new Http3ClientConnectionHandler(null, null, null, new DefaultHttp3SettingsFrame(settings), true))
                .remoteAddress(server)
                .connect().get(10, TimeUnit.SECONDS);
    }

    /** Trusts exactly the development certificate (what a browser does with serverCertificateHashes). */
    private static javax.net.ssl.TrustManager pinned(DevCertificate cert) {
        return new javax.net.ssl.X509ExtendedTrustManager() {
            private void check(java.security.cert.X509Certificate[] chain)
                    throws java.security.cert.CertificateException {
                if (chain.length == 0 || !chain[0].equals(cert.certificate())) {
                    throw new java.security.cert.CertificateException("not the development certificate");
                }
            }

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType,
                                           java.net.Socket socket) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType,
                                           javax.net.ssl.SSLEngine engine) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                check(chain);
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
                                           java.net.Socket socket) throws java.security.cert.CertificateException {
                check(chain);
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
                                           javax.net.ssl.SSLEngine engine)
                    throws java.security.cert.CertificateException {
                check(chain);
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
    }

    /** An extended CONNECT to {@code /socket.io/} that must be answered 200 within 5 s: the session's stream. */
    QuicStreamChannel session(BlockingQueue<String> events) throws Exception {
        QuicStreamChannel connect = connect("/socket.io/", null, events);
        String status = events.poll(5, TimeUnit.SECONDS);
        if (!"status 200".equals(status)) {
            throw new AssertionError("CONNECT answered " + status + ", expected status 200");
        }
        return connect;
    }

    /** Sends an extended CONNECT for {@code path}; the stream's events go to {@code events}. */
    QuicStreamChannel connect(String path, String origin, BlockingQueue<String> events) throws Exception {
        QuicStreamChannel stream = Http3.newRequestStream(quic, new Http3RequestStreamInboundHandler() {
            @Override
            protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
                events.add("status " + frame.headers().status());
            }

            @Override
            protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
                frame.release();
            }

            @Override
            protected void channelInputClosed(ChannelHandlerContext ctx) {
                events.add("fin");
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                events.add("closed");
                super.channelInactive(ctx);
            }
        }).get(5, TimeUnit.SECONDS);
        DefaultHttp3HeadersFrame req = new DefaultHttp3HeadersFrame();
        req.headers().method("CONNECT").protocol("webtransport").scheme("https").authority("127.0.0.1").path(path);
        if (origin != null) {
            req.headers().set("origin", origin);
        }
        stream.writeAndFlush(req).sync();
        return stream;
    }

    /**
     * Opens a bidirectional stream and writes {@code first} on it; what the server sends comes to {@code in} (one
     * entry per read, as ISO-8859-1 text, so that bytes and text both compare), its end as {@code "<end>"}.
     */
    QuicStreamChannel stream(ByteBuf first, BlockingQueue<String> in) throws Exception {
        QuicStreamChannel s = quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf b) {
                    in.add(b.toString(StandardCharsets.ISO_8859_1));
                }
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                ReferenceCountUtil.release(evt);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                in.add("<error " + cause.getClass().getSimpleName() + ">");
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                in.add("<end>");
            }
        }).get(5, TimeUnit.SECONDS);
        s.writeAndFlush(first).sync();
        return s;
    }

    /** The WebTransport stream header: signal 0x41 and the session id, then {@code payload}. */
    static ByteBuf wtStream(long sessionId, byte[] payload) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x40).writeByte(0x41); // 0x41 as a two-byte varint
        writeVarint(b, sessionId);
        b.writeBytes(payload);
        return b;
    }

    /** A text packet in engine.io-parser's stream framing. */
    static byte[] text(String packet) {
        byte[] data = packet.getBytes(StandardCharsets.UTF_8);
        ByteBuf b = Unpooled.buffer();
        if (data.length < 126) {
            b.writeByte(data.length);
        } else {
            b.writeByte(126).writeShort(data.length);
        }
        b.writeBytes(data);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    static void writeVarint(ByteBuf b, long v) {
        if (v < 0x40) {
            b.writeByte((int) v);
        } else if (v < 0x4000) {
            b.writeShort((int) (0x4000 | v));
        } else {
            b.writeInt((int) (0x80000000L | v));
        }
    }

    /** Completes when the QUIC connection is closed. */
    CompletableFuture<Void> closed() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        quic.closeFuture().addListener(x -> f.complete(null));
        return f;
    }

    @Override
    public void close() throws Exception {
        quic.close().await(5, TimeUnit.SECONDS);
        udp.close().await(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
}
