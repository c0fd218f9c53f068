package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.ConnectionListener;
import io.zapsocket.server.Middleware;
import io.zapsocket.server.MiddlewareException;
import io.zapsocket.server.Namespace;
import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.adapter.Adapter;
import io.zapsocket.server.adapter.AdapterContext;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.LocalSocket;
import io.zapsocket.server.adapter.PreparedPacket;
import io.zapsocket.server.adapter.RestoredSession;
import io.zapsocket.server.adapter.RoomListener;
import io.zapsocket.server.internal.sse.SseHub;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace: middlewares, connection listeners, connected sockets and its adapter. A child of a parent
 * namespace also runs the parent's middlewares and listeners.
 */
class DefaultNamespace implements Namespace, AdapterContext, OperatorDelegate {
    private static final Logger log = LoggerFactory.getLogger(DefaultNamespace.class);

    private final String name;
    private final DefaultSocketServer server;
    private final DefaultNamespace parent;
    private final ConcurrentHashMap<String, DefaultServerSocket> sockets = new ConcurrentHashMap<>();
    private volatile SseHub sseHub;
    private final CopyOnWriteArrayList<RoomListener> roomListeners = new CopyOnWriteArrayList<>();
    /** Fans room events out to {@link #roomListeners}, each isolated from the others' exceptions. */
    private final RoomListener roomEvents = new RoomListener() {
        @Override
        public void onCreateRoom(String room) {
            each(l -> l.onCreateRoom(room));
        }

        @Override
        public void onDeleteRoom(String room) {
            each(l -> l.onDeleteRoom(room));
        }

        @Override
        public void onJoinRoom(String room, String socketId) {
            each(l -> l.onJoinRoom(room, socketId));
        }

        @Override
        public void onLeaveRoom(String room, String socketId) {
            each(l -> l.onLeaveRoom(room, socketId));
        }

        private void each(Consumer<RoomListener> call) {
            for (RoomListener l : roomListeners) {
                try {
                    call.accept(l);
                } catch (RuntimeException e) {
                    log.warn("room listener of {} failed", name, e);
                }
            }
        }
    };
    private final CopyOnWriteArrayList<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, CopyOnWriteArrayList<io.zapsocket.protocol.EventHandler>> serverSideHandlers =
            new ConcurrentHashMap<>();
    private final AtomicLong ackIds = new AtomicLong();
    private final DefaultBroadcastOperator operator;
    private volatile Adapter adapter;
    /** A dynamic child: whether it is listed (a socket was accepted); provisional until then. */
    private final AtomicBoolean listed = new AtomicBoolean();
    /** A dynamic child: CONNECTs looked up and not yet accepted or refused. */
    private final java.util.concurrent.atomic.AtomicInteger pendingConnects =
            new java.util.concurrent.atomic.AtomicInteger();

    DefaultNamespace(DefaultSocketServer server, String name, DefaultNamespace parent) {
        this.server = server;
        this.name = name;
        this.parent = parent;
        this.operator = new DefaultBroadcastOperator(this);
    }

    /** The parent of a dynamic child, else {@code null}. */
    DefaultNamespace parent() {
        return parent;
    }

    /** A dynamic child becomes listed; {@code true} for the call that made it so. */
    boolean markListed() {
        return parent != null && listed.compareAndSet(false, true);
    }

    void unmarkListed() {
        listed.set(false);
    }

    /** A CONNECT to this namespace was looked up (counted for provisional children). */
    void connectStarted() {
        if (parent != null) {
            pendingConnects.incrementAndGet();
        }
    }

    /** A CONNECT ended (accepted or refused); a provisional child nobody was accepted to is dropped. */
    private void connectEnded() {
        if (parent != null && pendingConnects.decrementAndGet() <= 0 && !listed.get()) {
            server.dropProvisional(this);
        }
    }

    /** Creates the adapter (after construction: the factory may call back into this context). */
    void initAdapter() {
        this.adapter = server.adapterFactory().create(this);
    }

    // ---------------------------------------------------------------- API

    @Override
    public String name() {
        return name;
    }

    @Override
    public String namespace() {
        return name;
    }

    @Override
    public Namespace onConnection(ConnectionListener listener) {
        connectionListeners.add(listener);
        return this;
    }

    @Override
    public Namespace use(Middleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    @Override
    public Map<String, ServerSocket> sockets() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(sockets));
    }

    int socketCount() {
        return sockets.size();
    }

    @Override
    public Adapter adapter() {
        return adapter;
    }

    @Override
    public void serverSideEmit(String event, Object... args) {
        adapter.serverSideEmit(Events.eventArgs(event, args));
    }

    @Override
    public CompletableFuture<List<Object>> serverSideEmitWithAck(String event, Object... args) {
        return adapter.serverSideEmitWithAck(Events.eventArgs(event, args));
    }

    @Override
    public Namespace onServerSideEmit(String event, io.zapsocket.protocol.EventHandler handler) {
        Events.requireValidListenerName(event);
        serverSideHandlers.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    @Override
    public SocketServer server() {
        return server;
    }

    DefaultSocketServer serverImpl() {
        return server;
    }

    @Override
    public Namespace onChild(Consumer<Namespace> listener) {
        return this;
    }

    @Override
    public DefaultBroadcastOperator operator() {
        return operator;
    }

    /** The namespaces a broadcast on this one reaches: itself, or a parent's children. */
    List<DefaultNamespace> broadcastTargets() {
        return List.of(this);
    }

    @Override
    public long nextAckId() {
        return ackIds.getAndIncrement();
    }

    // ---------------------------------------------------------------- AdapterContext

    @Override
    public LocalSocket socket(String id) {
        return sockets.get(id);
    }

    @Override
    public PreparedPacket prepare(SioPacket packet, boolean compress) {
        return new DefaultPreparedPacket(packet, compress, server.options().parser());
    }

    @Override
    public Runnable schedule(Runnable task, Duration delay) {
        io.netty.util.concurrent.ScheduledFuture<?> f =
                server.timerLoop().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** This namespace's SSE subscribers (created on first use). */
    SseHub sseHub() {
        SseHub h = sseHub;
        if (h == null) {
            synchronized (this) {
                h = sseHub;
                if (h == null) {
                    h = new SseHub(this::adapter, recovery() != null);
                    sseHub = h;
                }
            }
        }
        return h;
    }

    @Override
    public void onBroadcast(PreparedPacket packet, BroadcastOptions opts) {
        SseHub h = sseHub;
        if (h != null) {
            h.publish(packet, opts);
        }
    }

    @Override
    public RoomListener roomListener() {
        return roomListeners.isEmpty() ? RoomListener.NOOP : roomEvents;
    }

    @Override
    public Namespace addRoomListener(RoomListener listener) {
        roomListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public RecoveryOptions recovery() {
        return server.options().connectionStateRecovery();
    }

    @Override
    public void onServerSideEmit(List<Object> packet, Consumer<Object> ack) {
        if (packet.isEmpty()) {
            return;
        }
        String event = String.valueOf(packet.get(0));
        CopyOnWriteArrayList<io.zapsocket.protocol.EventHandler> list = serverSideHandlers.get(event);
        if (list == null || list.isEmpty()) {
            log.debug("namespace {}: no server-side handler for {}", name, event);
            return;
        }
        Args args = Args.of(new java.util.ArrayList<>(packet.subList(1, packet.size())));
        io.zapsocket.protocol.Ack reply = new ServerSideAck(ack);
        for (io.zapsocket.protocol.EventHandler h : list) {
            try {
                h.handle(args, reply);
            } catch (Exception e) {
                log.warn("namespace {}: server-side handler for {} failed", name, event, e);
                server.reportError(null, e);
            }
        }
    }

    /** Answers a node's {@code serverSideEmitWithAck}: only the first argument of the first call is sent. */
    private static final class ServerSideAck implements io.zapsocket.protocol.Ack {
        private final Consumer<Object> reply;
        private final AtomicBoolean sent = new AtomicBoolean();

        ServerSideAck(Consumer<Object> reply) {
            this.reply = reply;
        }

        @Override
        public boolean requested() {
            return reply != null;
        }

        @Override
        public void send(Object... args) {
            if (reply != null && sent.compareAndSet(false, true)) {
                reply.accept(args.length == 0 ? null : args[0]);
            }
        }
    }

    // ---------------------------------------------------------------- connection (on the client's loop)

    /**
     * Runs the middlewares for a new socket, then connects it or answers CONNECT_ERROR. Called on the client's
     * loop; middlewares may continue from any thread, the outcome is applied back on the loop.
     */
    void add(ClientConnection client, Map<String, Object> auth) {
        client.connecting(name);
        RecoveryOptions recovery = server.options().connectionStateRecovery();
        Object pid = auth.get("pid");
        Object offset = auth.get("offset");
        if (recovery == null || !(pid instanceof String) || !(offset instanceof String)) {
            start(client, auth, null);
            return;
        }
        adapter.restoreSession((String) pid, (String) offset).whenComplete((session, error) -> {
            if (error != null) {
                log.warn("namespace {}: session recovery failed, connecting as a new session", name, error);
            }
            server.observeRecovery(error == null && session != null);
            Runnable go = () -> start(client, auth, error == null ? session : null);
            if (client.session().eventLoop().inEventLoop()) {
                go.run();
            } else {
                client.session().eventLoop().execute(go);
            }
        });
    }

    /** Creates the socket (new or recovered) and runs the middlewares unless a recovered session skips them. */
    private void start(ClientConnection client, Map<String, Object> auth, RestoredSession restored) {
        RecoveryOptions recovery = server.options().connectionStateRecovery();
        String id = restored != null ? restored.sid() : Ids.newId();
        String pid = restored != null ? restored.pid() : recovery != null ? Ids.newId() : null;
        DefaultServerSocket socket = new DefaultServerSocket(this, client, auth, id, pid);
        if (restored != null && recovery.skipMiddlewares()) {
            connect(socket, restored);
            return;
        }
        List<Middleware> chain = new java.util.ArrayList<>();
        if (parent != null) {
            chain.addAll(parent.middlewares);
        }
        chain.addAll(middlewares);
        runMiddlewares(socket, chain, 0, restored);
    }

    private void runMiddlewares(DefaultServerSocket socket, List<Middleware> chain, int index,
                                RestoredSession restored) {
        if (index == chain.size()) {
            onLoop(socket, () -> connect(socket, restored));
            return;
        }
        Middleware mw = chain.get(index);
        Middleware.Next next = new OnceNext(
                () -> socket.dispatch(() -> runMiddlewares(socket, chain, index + 1, restored)),
                (message, data) -> onLoop(socket, () -> refuse(socket, message, data)));
        socket.dispatch(() -> {
            try {
                mw.handle(socket, next);
            } catch (MiddlewareException e) {
                next.fail(e.getMessage(), e.data());
            } catch (Exception e) {
                log.debug("namespace {}: middleware threw", name, e);
                next.fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        });
    }

    private static void onLoop(DefaultServerSocket socket, Runnable task) {
        if (socket.loop().inEventLoop()) {
            task.run();
        } else {
            socket.loop().execute(task);
        }
    }

    private void refuse(DefaultServerSocket socket, String message, Object data) {
        ClientConnection client = socket.client();
        client.connectDone(name);
        connectEnded();
        if (!client.isOpen()) {
            return;
        }
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("message", message);
        if (data != null) {
            err.put("data", data);
        }
        client.sendPacket(SioPacket.connectError(name, err));
    }

    private void connect(DefaultServerSocket socket, RestoredSession restored) {
        ClientConnection client = socket.client();
        client.connectDone(name);
        if (!client.isOpen()) {
            log.debug("namespace {}: client closed during middleware", name);
            connectEnded();
            return;
        }
        if (parent != null && !listed.get() && !server.listChild(this)) {
            refuse(socket, "Too many namespaces", null); // maxDynamicNamespaces children listed meanwhile
            return;
        }
        connectEnded();
        // it is paramount that the socket is registered and CONNECT is sent before user listeners run, so a
        // listener can emit, join or disconnect right away
        sockets.put(socket.id(), socket);
        client.addSocket(socket);
        socket.onConnect(restored);
        for (ConnectionListener l : connectionListeners) {
            socket.dispatch(() -> l.onConnection(socket));
        }
        if (parent != null) {
            for (ConnectionListener l : parent.connectionListeners) {
                socket.dispatch(() -> l.onConnection(socket));
            }
        }
    }

    void removeSocket(DefaultServerSocket socket) {
        sockets.remove(socket.id(), socket);
        if (parent != null && sockets.isEmpty() && server.options().cleanupEmptyChildNamespaces()) {
            server.removeChildIfEmpty(this);
        }
    }

    /** Disconnects every socket with the given reason, without sending anything (server shutdown). */
    /** Whether no socket of this namespace has a handler queued or running. */
    boolean handlersIdle() {
        for (DefaultServerSocket s : sockets.values()) {
            if (!s.handlersIdle()) {
                return false;
            }
        }
        return true;
    }

    void closeAll(io.zapsocket.protocol.DisconnectReason reason) {
        closeAll(reason, false);
    }

    /**
     * Closes every socket; with {@code drain}, each first gets {@link SocketServer#DRAIN_EVENT} (sent as is: not
     * an emit, so no recovery offset and nothing for the session to replay).
     */
    void closeAll(io.zapsocket.protocol.DisconnectReason reason, boolean drain) {
        SseHub h = sseHub;
        if (h != null) {
            h.closeAll();
        }
        for (DefaultServerSocket s : sockets.values()) {
            onLoop(s, () -> {
                if (drain && s.connected()) {
                    s.client().sendPacket(SioPacket.event(name, List.of(SocketServer.DRAIN_EVENT, DRAIN_NOTICE)));
                }
                s.onClose(reason, reason.wireName());
            });
        }
    }

    private static final Map<String, Object> DRAIN_NOTICE = Map.of("reason", "server draining",
            "reconnect", "immediate");

    @Override
    public String toString() {
        return "Namespace{" + name + '}';
    }
}
