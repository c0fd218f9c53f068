package io.zapsocket.server.internal.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.zapsocket.server.IoTransport;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.internal.engine.EngineServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An HTTP/1.1 + WebSocket server on Netty that hosts one or more Engine.IO endpoints and a few exact-path routes
 * on one port. Owns its event loops: {@code ioThreads} worker loops (with {@code nativeTransport} set: io_uring or
 * epoll as {@code ioTransport} says and the platform allows, else NIO) and one acceptor loop.
 *
 * <p>Routing, by raw request path: exact routes first ({@link #addRoute}), then the longest matching prefix
 * ({@link #addEngine}: the engine's path, e.g. {@code /engine.io/}, also matched without its trailing slash);
 * anything else is answered {@code 404}.
 *
 * <p>Thread-safe. Add routes and engines before {@link #bind}; {@link #close()} closes every engine's sessions,
 * the listening sockets and the loops.
 */
public final class HttpServerHost {
    private static final Logger log = LoggerFactory.getLogger(HttpServerHost.class);
    /** Node's default max header size (16 KiB); also used for the request line (long query strings). */
    private static final int MAX_HEADER_SIZE = 16 * 1024;
    /**
     * One receive-buffer allocator for every connection (it only holds its settings; each channel gets its own
     * handle), where Netty's default creates one per channel. Adaptive sizing from 2 KiB per read; nothing is kept
     * between reads, so an idle connection holds no receive buffer.
     */
    private static final AdaptiveRecvByteBufAllocator RECV_ALLOCATOR = new AdaptiveRecvByteBufAllocator();

    private final ServerOptions options;
    private final EventLoopGroup acceptorGroup;
    private final EventLoopGroup workerGroup;
    private final Class<? extends ServerChannel> serverChannelClass;
    private final String transportName;
    private final Map<String, HttpRoute> exactRoutes = new ConcurrentHashMap<>();
    private final List<PrefixRoute> prefixRoutes = new CopyOnWriteArrayList<>();
    private final List<EngineServer> engines = new CopyOnWriteArrayList<>();
    private final List<Channel> serverChannels = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final SslContext sslContext;
    private final BlockedLoopDetector blockedLoops;

    /**
     * @throws IllegalStateException if the TLS settings cannot be used (unreadable key, OpenSSL requested but
     *                               netty-tcnative not loadable)
     */
    public HttpServerHost(ServerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.sslContext = options.tls() == null ? null : TlsContexts.server(options.tls());
        NativeTransport chosen = options.nativeTransport() ? NativeTransport.choose(options.ioTransport()) : null;
        IoHandlerFactory factory;
        Class<? extends ServerChannel> channelClass;
        String name;
        if (chosen != null) {
            factory = chosen.factory;
            channelClass = chosen.serverChannelClass;
            name = chosen.name;
        } else {
            factory = NioIoHandler.newFactory();
            channelClass = NioServerSocketChannel.class;
            name = "nio";
        }
        this.serverChannelClass = channelClass;
        this.transportName = name;
        this.acceptorGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("zapsocket-accept"), factory);
        this.workerGroup = new MultiThreadIoEventLoopGroup(options.ioThreads(),
                new DefaultThreadFactory("zapsocket-io"), factory);
        this.blockedLoops = options.blockedLoopThreshold().isZero() ? null
                : BlockedLoopDetector.start(List.of(acceptorGroup, workerGroup), options.blockedLoopThreshold());
    }

    /** Serves {@code engine} under its {@code options().path()} (prefix match). */
    public HttpServerHost addEngine(EngineServer engine) {
        engines.add(engine);
        return addPrefixRoute(engine.options().path(), engine);
    }

    /** Serves every request whose path starts with {@code prefix} (or equals it without a trailing slash). */
    public HttpServerHost addPrefixRoute(String prefix, HttpRoute route) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(route, "route");
        prefixRoutes.add(new PrefixRoute(prefix, route));
        prefixRoutes.sort((a, b) -> b.prefix.length() - a.prefix.length());
        return this;
    }

    /** Serves requests for exactly {@code path} (checked before the engines' prefixes). */
    public HttpServerHost addRoute(String path, HttpRoute route) {
        exactRoutes.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(route, "route"));
        return this;
    }

    /** The worker loops (sessions live on them). */
    public EventLoopGroup eventLoopGroup() {
        return workerGroup;
    }

    /** Blocked-loop episodes reported so far (0 when the check is off). */
    public long blockedLoopReports() {
        return blockedLoops == null ? 0 : blockedLoops.reports();
    }

    /** {@code io_uring}, {@code epoll} or {@code nio}. */
    public String transportName() {
        return transportName;
    }

    /** Listens on {@code host:port} ({@code port} 0 picks a free one); completes with the bound address. */
    public CompletableFuture<InetSocketAddress> bind(String host, int port) {
        CompletableFuture<InetSocketAddress> result = new CompletableFuture<>();
        if (closed.get()) {
            result.completeExceptionally(new IllegalStateException("closed"));
            return result;
        }
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptorGroup, workerGroup)
                .channel(serverChannelClass)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECV_ALLOCATOR)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        options.writeBufferHighWaterMark() / 2, options.writeBufferHighWaterMark()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initConnection(ch);
                    }
                });
        b.bind(host, port).addListener(f -> {
            if (f.isSuccess()) {
                Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                serverChannels.add(ch);
                InetSocketAddress addr = (InetSocketAddress) ch.localAddress();
                log.debug("listening on {} ({})", addr, transportName);
                result.complete(addr);
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    /** The pipeline of a new connection: [TLS], HTTP codec, [polling compression], connection handler. */
    void initConnection(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (sslContext != null) {
            SslHandler ssl = sslContext.newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(options.tls().handshakeTimeout().toMillis());
            p.addLast("tls", ssl);
        }
        p.addLast("http", new HttpServerCodec(MAX_HEADER_SIZE, MAX_HEADER_SIZE, 8192));
        if (options.httpCompression() != null) {
            p.addLast("http-compression", PollingCompressor.create(options.httpCompression()));
        }
        p.addLast("zapsocket", new HttpConnectionHandler(this::route, options.httpKeepAliveTimeout().toNanos(),
                options.requestTimeout().toNanos()));
    }

    /** Whether this host serves TLS ({@code https}/{@code wss}). */
    public boolean secure() {
        return sslContext != null;
    }

    void route(HttpExchange ex) {
        String path = ex.path();
        HttpRoute exact = exactRoutes.get(path);
        if (exact != null) {
            exact.handle(ex);
            return;
        }
        for (PrefixRoute r : prefixRoutes) {
            if (r.matches(path)) {
                r.route.handle(ex);
                return;
            }
        }
        if (ex.isWebSocketUpgrade()) {
            ex.respond(HttpResponseStatus.NOT_FOUND, null, null, null, true);
        } else {
            ex.respond(HttpResponseStatus.NOT_FOUND, null, null);
        }
    }

    /**
     * Closes every engine's sessions, stops listening and shuts the loops down gracefully. Idempotent; the future
     * completes when the loops have terminated.
     */
    /** Stops accepting connections (the listening sockets close); open connections go on. */
    public void stopAccepting() {
        for (Channel ch : serverChannels) {
            ch.close();
        }
    }

    public CompletableFuture<Void> close() {
        return close(Duration.ofSeconds(5));
    }

    /**
     * Stops accepting, closes every engine's sessions gracefully (what is queued is flushed), waits for that at most
     * {@code sessionsTimeout}, then stops the event loops. Idempotent: later calls get the first call's future.
     */
    public CompletableFuture<Void> close(Duration sessionsTimeout) {
        if (!closed.compareAndSet(false, true)) {
            return closeFuture;
        }
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (Channel ch : serverChannels) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            ch.close().addListener(x -> f.complete(null));
            closing.add(f);
        }
        for (EngineServer engine : engines) {
            // a handshake may still come: on a kept-alive connection, or a WebTransport stream on another loop
            // group; it gets 503 DRAINING rather than a session no one will close
            engine.startDraining();
            closing.add(engine.closeAll());
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture<?>[]::new))
                .orTimeout(Math.max(1, sessionsTimeout.toMillis()), TimeUnit.MILLISECONDS)
                .whenComplete((v, err) -> {
                    if (err != null) {
                        log.warn("sessions did not close in time: {}", err.toString());
                    }
                    if (blockedLoops != null) {
                        blockedLoops.close();
                    }
                    try {
                        // a short quiet period lets the last responses and close frames go out
                        Future<?> a = acceptorGroup.shutdownGracefully(0, 5000, TimeUnit.MILLISECONDS);
                        Future<?> w = workerGroup.shutdownGracefully(50, 5000, TimeUnit.MILLISECONDS);
                        a.addListener(x -> w.addListener(y -> closeFuture.complete(null)));
                    } catch (RuntimeException e) {
                        closeFuture.completeExceptionally(e);
                    }
                });
        return closeFuture;
    }

    private record PrefixRoute(String prefix, HttpRoute route) {
        boolean matches(String path) {
            if (path.startsWith(prefix)) {
                return true;
            }
            return prefix.endsWith("/") && path.length() == prefix.length() - 1 && prefix.startsWith(path);
        }
    }

    /** Loads the native transports lazily: their dependencies are optional. */
    private record NativeTransport(String name, IoHandlerFactory factory,
                                   Class<? extends ServerChannel> serverChannelClass) {
        /** The transport for {@code wanted}, falling back io_uring → epoll; {@code null}: NIO. AUTO tries io_uring. */
        static NativeTransport choose(IoTransport wanted) {
            NativeTransport t = null;
            if (wanted == IoTransport.IO_URING || wanted == IoTransport.AUTO) {
                t = ioUringIfAvailable(wanted == IoTransport.IO_URING);
            }
            if (t == null && wanted != IoTransport.NIO) {
                t = epollIfAvailable(wanted != IoTransport.AUTO);
            }
            return t;
        }

        static NativeTransport ioUringIfAvailable(boolean asked) {
            try {
                if (io.netty.channel.uring.IoUring.isAvailable()) {
                    return new NativeTransport("io_uring", io.netty.channel.uring.IoUringIoHandler.newFactory(),
                            io.netty.channel.uring.IoUringServerSocketChannel.class);
                }
                unavailable(asked, "io_uring", String.valueOf(io.netty.channel.uring.IoUring.unavailabilityCause()));
            } catch (LinkageError e) {
                unavailable(asked, "io_uring", "classes not on the class path: " + e);
            }
            return null;
        }

        static NativeTransport epollIfAvailable(boolean asked) {
            try {
                if (io.netty.channel.epoll.Epoll.isAvailable()) {
                    return new NativeTransport("epoll", io.netty.channel.epoll.EpollIoHandler.newFactory(),
                            io.netty.channel.epoll.EpollServerSocketChannel.class);
                }
                unavailable(asked, "epoll", String.valueOf(io.netty.channel.epoll.Epoll.unavailabilityCause()));
            } catch (LinkageError e) {
                unavailable(asked, "epoll", "classes not on the class path: " + e);
            }
            return null;
        }

        /** An explicitly chosen transport that cannot be used is worth an INFO line; AUTO's probing is not. */
        private static void unavailable(boolean asked, String name, String why) {
            if (asked) {
                log.info("{} unavailable, falling back: {}", name, why);
            } else {
                log.debug("{} unavailable: {}", name, why);
            }
        }
    }
}
