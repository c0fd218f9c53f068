package io.zapsocket.webtransport.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ServerConnectionHandler;
import io.netty.handler.codec.http3.Http3Settings;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.TlsOptions;
import io.zapsocket.server.internal.engine.EngineServer;
import io.zapsocket.server.internal.engine.StreamTransports;
import io.zapsocket.webtransport.WebTransportOptions;

import javax.net.ssl.KeyManagerFactory;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The UDP listener: QUIC with TLS (ALPN {@code h3}), HTTP/3 with the settings WebTransport needs (extended CONNECT,
 * HTTP datagrams, WebTransport draft-02 and draft-07 support), and the WebTransport stream handling. Owns its own
 * event loop (one thread: all QUIC connections of one UDP socket share its loop).
 */
public final class WtServer {
    /** SETTINGS_H3_DATAGRAM of draft-ietf-masque-h3-datagram-04, which older clients still look for. */
    static final long SETTINGS_H3_DATAGRAM_DRAFT04 = 0xffd277L;
    /** SETTINGS_ENABLE_WEBTRANSPORT (draft-02). */
    static final long SETTINGS_ENABLE_WEBTRANSPORT = 0x2b603742L;
    /** SETTINGS_WEBTRANS_MAX_SESSIONS of draft-07. */
    static final long SETTINGS_WEBTRANS_MAX_SESSIONS_DRAFT07 = 0xc671706aL;

    private final StreamTransports hook;
    private final WebTransportOptions options;
    private final EventLoopGroup group;
    private final AtomicInteger connections = new AtomicInteger();
    /** The open QUIC connections, closed with CONNECTION_CLOSE before the socket goes. */
    private final java.util.Set<QuicChannel> channels = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Channel channel;

    private WtServer(StreamTransports hook, WebTransportOptions options, EventLoopGroup group) {
        this.hook = hook;
        this.options = options;
        this.group = group;
    }

    /** Binds {@code address} and serves WebTransport sessions for {@code engine}. */
    public static CompletableFuture<WtServer> start(EngineServer engine, WebTransportOptions options,
                                                    InetSocketAddress address, TlsOptions tls) {
        QuicSslContext ssl;
        try {
            ssl = sslContext(tls);
        } catch (GeneralSecurityException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("zapsocket-quic"),
                NioIoHandler.newFactory());
        WtServer server = new WtServer(StreamTransports.enable(engine), options, group);
        ServerOptions so = engine.options();
        Duration idle = options.idleTimeout() != null ? options.idleTimeout()
                : so.pingInterval().plus(so.pingTimeout()).plusSeconds(5);
        ChannelHandler codec = Http3.newQuicServerCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(idle.toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData(options.connectionWindow())
                .initialMaxStreamDataBidirectionalLocal(options.streamWindow())
                .initialMaxStreamDataBidirectionalRemote(options.streamWindow())
                .initialMaxStreamsBidirectional(2L * options.maxSessionsPerConnection() + 2)
                .initialMaxStreamsUnidirectional(8)
                .initialMaxStreamDataUnidirectional(64 * 1024)
                .datagram(64, 64)
                .activeMigration(false)
                .tokenHandler(NoRetry.INSTANCE)
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel ch) {
                        server.initConnection(ch);
                    }
                })
                .build();
        CompletableFuture<WtServer> started = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec).bind(address)
                .addListener((io.netty.channel.ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        server.channel = f.channel();
                        started.complete(server);
                    } else {
                        server.hook.disable();
                        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                        started.completeExceptionally(f.cause());
                    }
                });
        return started;
    }

    private void initConnection(QuicChannel ch) {
        channels.add(ch);
        ch.closeFuture().addListener(f -> channels.remove(ch));
        WtConnection conn = new WtConnection(ch, this);
        Http3Settings settings = new Http3Settings((id, value) -> true)
                .enableConnectProtocol(true)
                .enableH3Datagram(true)
                .qpackMaxTableCapacity(0);
        settings.put(SETTINGS_H3_DATAGRAM_DRAFT04, 1L);
        settings.put(SETTINGS_ENABLE_WEBTRANSPORT, 1L);
        settings.put(SETTINGS_WEBTRANS_MAX_SESSIONS_DRAFT07, (long) options.maxSessionsPerConnection());
        ch.pipeline().addLast(new WtStreamDivert(conn), new Http3ServerConnectionHandler(
                new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline().addLast(new WtConnectHandler(conn));
                    }
                }, null, type -> new Discard(), new DefaultHttp3SettingsFrame(settings), true,
                (id, value) -> true));
    }

    private static QuicSslContext sslContext(TlsOptions tls) throws GeneralSecurityException {
        if (tls == null) {
            throw new IllegalArgumentException("WebTransport needs TLS: set WebTransportOptions.tls or ServerOptions"
                    + ".tls (DevCertificate for development)");
        }
        QuicSslContextBuilder b;
        if (tls.keyStore() != null) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(tls.keyStore(), tls.keyStorePassword());
            b = QuicSslContextBuilder.forServer(kmf, tls.keyStorePassword() == null ? null
                    : new String(tls.keyStorePassword()));
        } else {
            b = QuicSslContextBuilder.forServer(tls.keyFile().toFile(), tls.keyPassword(),
                    tls.certChainFile().toFile());
        }
        return b.applicationProtocols(Http3.supportedApplicationProtocols()).build();
    }

    StreamTransports hook() {
        return hook;
    }

    WebTransportOptions options() {
        return options;
    }

    /** Counts a new QUIC connection; {@code false} when that is one over {@code maxQuicConnections}. */
    boolean connectionOpened() {
        return connections.incrementAndGet() <= options.maxQuicConnections();
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        Channel c = channel;
        return c == null ? null : (InetSocketAddress) c.localAddress();
    }

    /** Open QUIC connections. */
    public int connections() {
        return Math.max(0, connections.get());
    }

    /**
     * Stops listing the transport, closes every QUIC connection (CONNECTION_CLOSE, so that clients notice at once
     * and reconnect), then the socket and the event loop.
     */
    public CompletableFuture<Void> close() {
        hook.disable();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Channel c = channel;
        Runnable shutdown = () -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS)
                .addListener(f -> done.complete(null));
        if (c == null) {
            shutdown.run();
            return done;
        }
        try {
            c.eventLoop().execute(() -> {
                for (QuicChannel q : new java.util.ArrayList<>(channels)) {
                    q.close(true, 0, io.netty.buffer.Unpooled.EMPTY_BUFFER);
                }
                // one tick later, after the close frames were written, the socket goes
                c.eventLoop().schedule(() -> c.close().addListener(f -> shutdown.run()), 50,
                        TimeUnit.MILLISECONDS);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            shutdown.run();
        }
        return done;
    }

    /**
     * No address validation by Retry (it would cost a round trip on every connection): QUIC's anti-amplification
     * limit (three times what the client sent) still bounds what an unvalidated address gets.
     */
    private enum NoRetry implements io.netty.handler.codec.quic.QuicTokenHandler {
        INSTANCE;

        @Override
        public boolean writeToken(io.netty.buffer.ByteBuf out, io.netty.buffer.ByteBuf dcid,
                                  InetSocketAddress address) {
            return false;
        }

        @Override
        public int validateToken(io.netty.buffer.ByteBuf token, InetSocketAddress address) {
            return 0;
        }

        @Override
        public int maxTokenLength() {
            return 0;
        }
    }

    /** A unidirectional stream of a type this server does not use (e.g. WebTransport's): its bytes are dropped. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
