package io.zapsocket.server.internal.sio;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.BroadcastOperator;
import io.zapsocket.server.ConnectionListener;
import io.zapsocket.server.ErrorListener;
import io.zapsocket.server.Middleware;
import io.zapsocket.server.Namespace;
import io.zapsocket.server.NamespaceMatcher;
import io.zapsocket.server.PublishApiOptions;
import io.zapsocket.server.ServerObserver;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.internal.engine.Observers;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.ServerStats;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.SseOptions;
import io.zapsocket.server.adapter.Adapter;
import io.zapsocket.server.adapter.AdapterFactory;
import io.zapsocket.server.internal.content.ContentRoutes;
import io.zapsocket.server.internal.engine.EngineHandler;
import io.zapsocket.server.internal.engine.EngineServer;
import io.zapsocket.server.internal.engine.EngineSession;
import io.zapsocket.server.internal.engine.EngineSessionListener;
import io.zapsocket.server.internal.publish.PublishRoute;
import io.zapsocket.server.internal.sse.SseRoute;
import io.zapsocket.server.internal.transport.HttpServerHost;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server: namespaces, client connections and the Engine.IO endpoint. As a {@link Namespace} it delegates to
 * the main namespace {@code /}.
 */
public final class DefaultSocketServer implements SocketServer, EngineHandler, OperatorDelegate {
    private static final Logger log = LoggerFactory.getLogger(DefaultSocketServer.class);

    private final ServerOptions options;
    private final EngineServer engine;
    private final ConcurrentHashMap<String, DefaultNamespace> namespaces = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<ParentNamespace> parents = new CopyOnWriteArrayList<>();
    /** Dynamic children whose CONNECTs are in their middlewares and none accepted yet, by name. */
    private final ConcurrentHashMap<String, DefaultNamespace> provisional = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger dynamicNamespaces =
            new java.util.concurrent.atomic.AtomicInteger();
    private final CopyOnWriteArrayList<Consumer<Namespace>> namespaceListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<ErrorListener> errorListeners = new CopyOnWriteArrayList<>();
    private final Map<ClientConnection, Boolean> clients = new ConcurrentHashMap<>();
    private final DefaultNamespace main;
    /** {@link #close(Duration)} was called: the sockets get {@link SocketServer#DRAIN_EVENT} before they close. */
    private volatile boolean draining;
    private final TypedPayloads typedPayloads;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile SseRoute sseRoute;
    private volatile HttpServerHost host;
    private volatile ContentRoutes content;
    private volatile InetSocketAddress address;

    public DefaultSocketServer(ServerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.engine = new EngineServer(options, this);
        this.typedPayloads = new TypedPayloads(options);
        this.main = (DefaultNamespace) of("/");
    }

    // ---------------------------------------------------------------- wiring

    ServerOptions optionsImpl() {
        return options;
    }

    AdapterFactory adapterFactory() {
        return options.adapter();
    }

    TypedPayloads typedPayloads() {
        return typedPayloads;
    }

    Executor handlerExecutor() {
        return options.handlerExecutor();
    }

    /** Where server-wide timers (broadcast ack timeouts) run. */
    EventExecutor timerLoop() {
        return GlobalEventExecutor.INSTANCE;
    }

    /** The Engine.IO endpoint, to mount on a host shared with other endpoints (the conformance fixture). */
    public EngineServer engine() {
        return engine;
    }

    @Override
    public EngineSessionListener onOpen(EngineSession session) {
        ClientConnection client = new ClientConnection(this, session);
        clients.put(client, Boolean.TRUE);
        return client;
    }

    void removeClient(ClientConnection client) {
        clients.remove(client);
    }

    boolean hasErrorListeners() {
        return !errorListeners.isEmpty();
    }

    void reportError(ServerSocket socket, Throwable t) {
        for (ErrorListener l : errorListeners) {
            try {
                l.onError(socket, t);
            } catch (Throwable e) {
                log.warn("error listener failed", e);
            }
        }
    }

    // ---------------------------------------------------------------- namespaces

    private static String normalize(String name) {
        Objects.requireNonNull(name, "name");
        return name.startsWith("/") ? name : "/" + name;
    }

    @Override
    public Namespace of(String name) {
        String n = normalize(name);
        DefaultNamespace existing = namespaces.get(n);
        if (existing != null) {
            return existing;
        }
        boolean[] created = new boolean[1];
        DefaultNamespace nsp = namespaces.computeIfAbsent(n, k -> {
            DefaultNamespace d = new DefaultNamespace(this, k, null);
            d.initAdapter();
            created[0] = true;
            return d;
        });
        if (created[0]) {
            fireNewNamespace(nsp);
        }
        return nsp;
    }

    @Override
    public Namespace of(Pattern pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return ofMatcher("/_" + pattern.pattern(), (name, auth) -> pattern.matcher(name).matches());
    }

    @Override
    public Namespace of(NamespaceMatcher matcher) {
        Objects.requireNonNull(matcher, "matcher");
        return ofMatcher("/_" + Integer.toHexString(System.identityHashCode(matcher)), matcher);
    }

    private Namespace ofMatcher(String name, NamespaceMatcher matcher) {
        ParentNamespace parent = new ParentNamespace(this, name, matcher);
        parent.initAdapter();
        parents.add(parent);
        return parent;
    }

    /** The answer to a CONNECT's namespace lookup: the namespace, or the CONNECT_ERROR message. */
    record Lookup(DefaultNamespace namespace, String refusal) {
        static final Lookup INVALID = new Lookup(null, "Invalid namespace");
        static final Lookup TOO_MANY = new Lookup(null, "Too many namespaces");
    }

    /**
     * The namespace for a CONNECT: an existing one, or a child of the first matching parent. A new child is only
     * provisional (shared by the CONNECTs to that name in progress, listed nowhere) until the middlewares accept a
     * socket ({@link #listChild}); provisional and listed dynamic children together stay within
     * {@code maxDynamicNamespaces}.
     */
    Lookup lookupNamespace(String name, Map<String, Object> auth) {
        DefaultNamespace nsp = namespaces.get(name);
        if (nsp != null) {
            return new Lookup(nsp, null);
        }
        for (ParentNamespace parent : parents) {
            boolean match;
            try {
                match = parent.matches(name, auth);
            } catch (RuntimeException e) {
                reportError(null, e);
                match = false;
            }
            if (match) {
                DefaultNamespace child = provisional.get(name);
                if (child == null) {
                    if (dynamicNamespaces.get() + provisional.size() >= options.maxDynamicNamespaces()) {
                        log.debug("refusing dynamic namespace {}: maxDynamicNamespaces reached", name);
                        return Lookup.TOO_MANY;
                    }
                    child = provisional.computeIfAbsent(name, parent::newChild);
                }
                child.connectStarted();
                return new Lookup(child, null);
            }
        }
        return Lookup.INVALID;
    }

    /**
     * Lists a provisional child whose first socket the middlewares accepted: from now on it is found by name,
     * reached by its parent's broadcasts and announced to the namespace listeners. {@code false} when
     * {@code maxDynamicNamespaces} children are listed already (the socket is refused).
     */
    boolean listChild(DefaultNamespace child) {
        if (!child.markListed()) {
            return true;
        }
        if (dynamicNamespaces.incrementAndGet() > options.maxDynamicNamespaces()) {
            dynamicNamespaces.decrementAndGet();
            child.unmarkListed();
            return false;
        }
        namespaces.put(child.name(), child);
        provisional.remove(child.name(), child);
        ((ParentNamespace) child.parent()).addChild(child);
        fireNewNamespace(child);
        return true;
    }

    /** A provisional child none of whose CONNECTs was accepted: forgotten, its adapter closed. */
    void dropProvisional(DefaultNamespace child) {
        if (provisional.remove(child.name(), child)) {
            child.adapter().close();
        }
    }

    void removeChildIfEmpty(DefaultNamespace child) {
        if (child.socketCount() == 0 && namespaces.remove(child.name(), child)) {
            dynamicNamespaces.decrementAndGet();
            child.unmarkListed();
            for (ParentNamespace p : parents) {
                p.removeChild(child);
            }
            child.adapter().close();
        }
    }

    /** Dynamic children listed (provisional ones aside). */
    int dynamicNamespaceCount() {
        return dynamicNamespaces.get();
    }

    private void fireNewNamespace(Namespace nsp) {
        for (Consumer<Namespace> l : namespaceListeners) {
            try {
                l.accept(nsp);
            } catch (RuntimeException e) {
                reportError(null, e);
            }
        }
    }

    @Override
    public SocketServer onNewNamespace(Consumer<Namespace> listener) {
        namespaceListeners.add(listener);
        return this;
    }

    @Override
    public SocketServer onError(ErrorListener listener) {
        errorListeners.add(listener);
        return this;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public ServerOptions options() {
        return options;
    }

    @Override
    public CompletableFuture<InetSocketAddress> listen(int port) {
        return listen("0.0.0.0", port);
    }

    @Override
    public synchronized CompletableFuture<InetSocketAddress> listen(String hostName, int port) {
        if (host != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("already listening on " + address));
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("server is closed"));
        }
        HttpServerHost h = new HttpServerHost(options);
        h.addEngine(engine);
        // exact routes (the browser client) win over the engine's prefix, and the engine's prefix over the
        // static mounts' shorter ones
        content = ContentRoutes.install(h, options);
        PublishApiOptions publish = options.publishApi();
        if (publish != null) {
            PublishRoute route = new PublishRoute(publish, name -> namespaces.get(normalize(name)));
            h.addRoute(publish.path(), route);
            h.addRoute(publish.path() + "/batch", route);
        }
        SseOptions sse = options.sse();
        if (sse != null) {
            SseRoute route = new SseRoute(sse, name -> {
                DefaultNamespace nsp = namespaces.get(normalize(name));
                return nsp == null ? null : nsp.sseHub();
            });
            sseRoute = route;
            h.addRoute(sse.path(), route);
        }
        host = h;
        return h.bind(hostName, port).thenApply(a -> {
            address = a;
            log.info("Zap-Socket listening on {}{}", a, options.path());
            return a;
        });
    }

    /** Open Server-Sent Events subscriptions (0 when SSE is off). */
    public int sseSubscribers() {
        SseRoute r = sseRoute;
        return r == null ? 0 : r.subscribers();
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public Runnable addObserver(ServerObserver observer) {
        return engine.observers().add(observer);
    }

    Observers observers() {
        return engine.observers();
    }

    void observeAck(boolean timedOut) {
        ServerObserver o = engine.observers().current();
        if (o != null) {
            if (timedOut) {
                o.onAckTimeout();
            } else {
                o.onAckRequested();
            }
        }
    }

    void observeRateLimited() {
        ServerObserver o = engine.observers().current();
        if (o != null) {
            o.onRateLimited();
        }
    }

    void observeRecovery(boolean recovered) {
        ServerObserver o = engine.observers().current();
        if (o != null) {
            o.onRecovery(recovered);
        }
    }

    @Override
    public ServerStats stats() {
        Map<Transport, Integer> byTransport = new EnumMap<>(Transport.class);
        for (Transport t : Transport.values()) {
            byTransport.put(t, 0);
        }
        int count = 0;
        for (ClientConnection c : clients.keySet()) {
            count++;
            byTransport.merge(c.session().transport(), 1, Integer::sum);
        }
        Map<String, Integer> byNamespace = new LinkedHashMap<>();
        namespaces.forEach((name, nsp) -> byNamespace.put(name, nsp.socketCount()));
        io.zapsocket.server.internal.engine.EngineStats flow = engine.stats();
        HttpServerHost h = host;
        return new ServerStats(count, byTransport, byNamespace, flow.volatileDrops(), flow.lowPriorityDrops(),
                flow.slowClientDisconnects(), flow.refused(), h == null ? 0 : h.blockedLoopReports(),
                engine.queuedBytes());
    }

    @Override
    public CompletableFuture<Void> close() {
        return closeNow(Duration.ofSeconds(5));
    }

    @Override
    public CompletableFuture<Void> close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        HttpServerHost h = host;
        if (timeout.isZero() || timeout.isNegative() || h == null || closed.get()) {
            return close();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long handlersBy = System.nanoTime() + timeout.toNanos() / 2;
        log.info("draining: no new connections, closing the open ones within {}", timeout);
        engine.startDraining();
        draining = true;
        h.stopAccepting();
        CompletableFuture<Void> idle = new CompletableFuture<>();
        awaitHandlersIdle(idle, handlersBy);
        return idle.thenCompose(v -> closeNow(Duration.ofNanos(Math.max(deadline - System.nanoTime(),
                java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100)))));
    }

    private void awaitHandlersIdle(CompletableFuture<Void> done, long byNanos) {
        boolean idle = true;
        for (DefaultNamespace nsp : namespaces.values()) {
            if (!nsp.handlersIdle()) {
                idle = false;
                break;
            }
        }
        if (idle || System.nanoTime() >= byNanos) {
            if (!idle) {
                log.warn("draining: handlers still running at the deadline; closing anyway");
            }
            done.complete(null);
            return;
        }
        GlobalEventExecutor.INSTANCE.schedule(() -> awaitHandlersIdle(done, byNanos), 20,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<Void> closeNow(Duration sessionsTimeout) {
        if (!closed.compareAndSet(false, true)) {
            HttpServerHost h = host;
            return h == null ? CompletableFuture.completedFuture(null) : h.close();
        }
        for (DefaultNamespace nsp : namespaces.values()) {
            nsp.closeAll(DisconnectReason.SERVER_SHUTTING_DOWN, draining);
        }
        for (ClientConnection c : clients.keySet()) {
            c.close();
        }
        for (DefaultNamespace nsp : namespaces.values()) {
            nsp.adapter().close();
        }
        HttpServerHost h = host;
        if (h == null) {
            return CompletableFuture.completedFuture(null);
        }
        return h.close(sessionsTimeout).whenComplete((v, e) -> {
            address = null;
            ContentRoutes c = content;
            if (c != null) {
                c.close();
            }
        });
    }

    // ---------------------------------------------------------------- Namespace: the main namespace

    @Override
    public BroadcastOperator operator() {
        return main.operator();
    }

    @Override
    public String name() {
        return main.name();
    }

    @Override
    public Namespace onConnection(ConnectionListener listener) {
        main.onConnection(listener);
        return this;
    }

    @Override
    public Namespace use(Middleware middleware) {
        main.use(middleware);
        return this;
    }

    @Override
    public Map<String, ServerSocket> sockets() {
        return main.sockets();
    }

    @Override
    public Adapter adapter() {
        return main.adapter();
    }

    @Override
    public void serverSideEmit(String event, Object... args) {
        main.serverSideEmit(event, args);
    }

    @Override
    public CompletableFuture<List<Object>> serverSideEmitWithAck(String event, Object... args) {
        return main.serverSideEmitWithAck(event, args);
    }

    @Override
    public Namespace onServerSideEmit(String event, io.zapsocket.protocol.EventHandler handler) {
        main.onServerSideEmit(event, handler);
        return this;
    }

    @Override
    public SocketServer server() {
        return this;
    }

    @Override
    public Namespace onChild(Consumer<Namespace> listener) {
        return this;
    }

    @Override
    public Namespace addRoomListener(io.zapsocket.server.adapter.RoomListener listener) {
        main.addRoomListener(listener);
        return this;
    }

    @Override
    public String toString() {
        return "SocketServer{" + (address == null ? "not listening" : address) + options.path() + '}';
    }
}
