package io.zapsocket.server.internal.sio;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.AckTimeoutException;
import io.zapsocket.protocol.AnyListener;
import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.ConnectionClosedException;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.TypedEventHandler;
import io.zapsocket.protocol.sio.ReservedEvents;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.BroadcastOperator;
import io.zapsocket.server.DisconnectListener;
import io.zapsocket.server.Emitter;
import io.zapsocket.server.ErrorListener;
import io.zapsocket.server.Handshake;
import io.zapsocket.server.Middleware;
import io.zapsocket.server.MiddlewareException;
import io.zapsocket.server.Namespace;
import io.zapsocket.server.PacketMiddleware;
import io.zapsocket.server.RateLimitOptions;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.LocalSocket;
import io.zapsocket.server.adapter.PersistedSession;
import io.zapsocket.server.adapter.PreparedPacket;
import io.zapsocket.server.adapter.RestoredSession;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket: one client in one namespace. Connection state (connected flag, pending acks) is changed on the
 * connection's event loop; listeners are one copy-on-write {@link SocketListeners} value so they can be registered
 * from any thread; user handlers run through {@link #dispatch}, which keeps their order.
 *
 * <p>Memory: a server may hold hundreds of thousands of mostly idle sockets, so what most sockets never use is
 * created on first use, without locks (a compare-and-set of a volatile field): the {@code data()} map, the map of
 * pending acks, the {@link Handshake} (built from the connection's request when first asked for, then kept), the
 * close future, and the listeners (all sockets without any share {@link SocketListeners#EMPTY}).
 */
final class DefaultServerSocket implements ServerSocket, LocalSocket {
    private static final Logger log = LoggerFactory.getLogger(DefaultServerSocket.class);
    /** Disconnections after which the session is kept for recovery (as Socket.IO). */
    private static final Set<DisconnectReason> RECOVERABLE = java.util.EnumSet.of(
            DisconnectReason.TRANSPORT_ERROR, DisconnectReason.TRANSPORT_CLOSE, DisconnectReason.FORCED_CLOSE,
            DisconnectReason.PING_TIMEOUT, DisconnectReason.SERVER_SHUTTING_DOWN,
            DisconnectReason.FORCED_SERVER_CLOSE);

    private static final VarHandle LISTENERS;
    private static final VarHandle DATA;
    private static final VarHandle ACKS;
    private static final VarHandle HANDSHAKE;
    private static final VarHandle CLOSE_FUTURE;
    private static final VarHandle ACK_SENT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LISTENERS = l.findVarHandle(DefaultServerSocket.class, "listeners", SocketListeners.class);
            DATA = l.findVarHandle(DefaultServerSocket.class, "data", ConcurrentMap.class);
            ACKS = l.findVarHandle(DefaultServerSocket.class, "acks", ConcurrentHashMap.class);
            HANDSHAKE = l.findVarHandle(DefaultServerSocket.class, "handshake", Handshake.class);
            CLOSE_FUTURE = l.findVarHandle(DefaultServerSocket.class, "closeFuture", CompletableFuture.class);
            ACK_SENT = l.findVarHandle(ClientAck.class, "sent", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String id;
    private final DefaultNamespace nsp;
    private final ClientConnection client;
    /** The CONNECT auth payload, {@code null} when empty (the handshake then gets a new empty map). */
    private final Map<String, Object> auth;
    /** Replaced as a whole (compare-and-set) on every registration; see {@link SocketListeners}. */
    private volatile SocketListeners listeners = SocketListeners.EMPTY;
    /** Created by the first {@link #data()}. */
    private volatile ConcurrentMap<String, Object> data;
    /** Created by the first ack this server waits for. */
    private volatile ConcurrentHashMap<Long, PendingAck> acks;
    /** Created by the first {@link #handshake()}. */
    private volatile Handshake handshake;
    /** Created by the first {@link #closeFuture()}; completed with {@link #closedWith}. */
    private volatile CompletableFuture<DisconnectReason> closeFuture;
    /** Set once the socket is closed (after its disconnect listeners). */
    private volatile DisconnectReason closedWith;
    private final SerialExecutor executor;

    /** Whether no handler of this socket is queued or running (always, when handlers run on the event loop). */
    boolean handlersIdle() {
        return executor == null || executor.idle();
    }
    private final String pid;
    /** {@code null} when no rate limits are configured; used on the loop only. */
    private final EventRateLimiter rateLimiter;
    private volatile boolean connected;
    private volatile boolean recovered;

    /**
     * @param id  the socket id (a new one, or the recovered session's)
     * @param pid the private session id for connection state recovery, {@code null} when recovery is off
     */
    DefaultServerSocket(DefaultNamespace nsp, ClientConnection client, Map<String, Object> auth, String id,
                        String pid) {
        this.id = id;
        this.pid = pid;
        this.nsp = nsp;
        this.client = client;
        this.auth = auth == null || auth.isEmpty() ? null : auth;
        RateLimitOptions limits = nsp.serverImpl().options().rateLimits();
        this.rateLimiter = limits == null ? null : new EventRateLimiter(limits, System.nanoTime());
        this.executor = nsp.serverImpl().handlerExecutor() == null
                ? null : new SerialExecutor(nsp.serverImpl().handlerExecutor());
    }

    // ---------------------------------------------------------------- accessors

    @Override
    public String id() {
        return id;
    }

    @Override
    public Namespace namespace() {
        return nsp;
    }

    DefaultNamespace nsp() {
        return nsp;
    }

    ClientConnection client() {
        return client;
    }

    @Override
    public Handshake handshake() {
        return lazily(HANDSHAKE, () -> client.handshake(auth != null ? auth : new LinkedHashMap<>()));
    }

    @Override
    public ConcurrentMap<String, Object> data() {
        return lazily(DATA, ConcurrentHashMap::new);
    }

    /** {@link #data()} without creating it: an empty map when nothing was ever stored. */
    Map<String, Object> dataOrEmpty() {
        ConcurrentMap<String, Object> d = data;
        return d == null ? Map.of() : d;
    }

    /** The pending acks, created on first use. */
    private ConcurrentHashMap<Long, PendingAck> acks() {
        return lazily(ACKS, ConcurrentHashMap::new);
    }

    /** The value of the volatile field behind {@code field}, created (once, by compare-and-set) if still null. */
    @SuppressWarnings("unchecked")
    private <T> T lazily(VarHandle field, java.util.function.Supplier<T> create) {
        T value = (T) field.getVolatile(this);
        if (value == null) {
            T created = create.get();
            value = field.compareAndSet(this, null, created) ? created : (T) field.getVolatile(this);
        }
        return value;
    }

    /** Removes and returns the pending ack {@code ackId}, or {@code null}. */
    private PendingAck takeAck(long ackId) {
        ConcurrentHashMap<Long, PendingAck> a = acks;
        return a == null ? null : a.remove(ackId);
    }

    /** Applies {@code change} to the listeners, retrying if another thread registered meanwhile (no locks). */
    private ServerSocket register(java.util.function.UnaryOperator<SocketListeners> change) {
        while (true) {
            SocketListeners current = listeners;
            if (LISTENERS.compareAndSet(this, current, change.apply(current))) {
                return this;
            }
        }
    }

    @Override
    public Set<String> rooms() {
        return nsp.adapter().socketRooms(id);
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public boolean recovered() {
        return recovered;
    }

    @Override
    public Transport transport() {
        return client.session().transport();
    }

    @Override
    public String connectionId() {
        return client.session().id();
    }

    EventLoop loop() {
        return client.session().eventLoop();
    }

    @Override
    public CompletableFuture<DisconnectReason> closeFuture() {
        CompletableFuture<DisconnectReason> f = lazily(CLOSE_FUTURE, CompletableFuture::new);
        DisconnectReason reason = closedWith;
        if (reason != null) {
            f.complete(reason); // closed before anyone asked (or while this one was being created)
        }
        return f;
    }

    // ---------------------------------------------------------------- rooms

    @Override
    public void join(String... rooms) {
        nsp.adapter().addAll(id, Set.of(rooms));
    }

    @Override
    public void join(Iterable<String> rooms) {
        java.util.Set<String> set = new java.util.LinkedHashSet<>();
        rooms.forEach(set::add);
        nsp.adapter().addAll(id, set);
    }

    @Override
    public void leave(String room) {
        nsp.adapter().del(id, room);
    }

    // ---------------------------------------------------------------- listeners

    @Override
    public ServerSocket on(String event, EventHandler handler) {
        Events.requireValidListenerName(event);
        Objects.requireNonNull(handler, "handler");
        return register(l -> l.withHandler(event, handler));
    }

    @Override
    public <T> ServerSocket on(String event, Class<T> type, TypedEventHandler<T> handler) {
        return on(event, new TypedAdapter<>(event, type, handler));
    }

    @Override
    public ServerSocket off(String event, EventHandler handler) {
        return register(l -> l.withoutHandler(event, handler));
    }

    @Override
    public ServerSocket onAny(AnyListener listener) {
        Objects.requireNonNull(listener, "listener");
        return register(l -> l.withAny(listener));
    }

    @Override
    public ServerSocket onAnyOutgoing(AnyListener listener) {
        Objects.requireNonNull(listener, "listener");
        return register(l -> l.withAnyOutgoing(listener));
    }

    @Override
    public ServerSocket use(PacketMiddleware middleware) {
        Objects.requireNonNull(middleware, "middleware");
        return register(l -> l.withPacketMiddleware(middleware));
    }

    @Override
    public ServerSocket onDisconnecting(DisconnectListener listener) {
        Objects.requireNonNull(listener, "listener");
        return register(l -> l.withDisconnecting(listener));
    }

    @Override
    public ServerSocket onDisconnect(DisconnectListener listener) {
        Objects.requireNonNull(listener, "listener");
        return register(l -> l.withDisconnect(listener));
    }

    @Override
    public ServerSocket onError(ErrorListener listener) {
        Objects.requireNonNull(listener, "listener");
        return register(l -> l.withError(listener));
    }

    // ---------------------------------------------------------------- emitting

    @Override
    public boolean emit(String event, Object... args) {
        return new SocketEmitter(this, null, BroadcastOptions.Flags.DEFAULT).emit(event, args);
    }

    @Override
    public CompletableFuture<Args> emitWithAck(String event, Object... args) {
        return new SocketEmitter(this, null, BroadcastOptions.Flags.DEFAULT).emitWithAck(event, args);
    }

    @Override
    public Emitter timeout(Duration timeout) {
        return new SocketEmitter(this, timeout, BroadcastOptions.Flags.DEFAULT);
    }

    @Override
    public Emitter asVolatile() {
        return new SocketEmitter(this, null, BroadcastOptions.Flags.DEFAULT.withVolatile(true));
    }

    @Override
    public Emitter compress(boolean compress) {
        return new SocketEmitter(this, null, BroadcastOptions.Flags.DEFAULT.withCompress(compress));
    }

    @Override
    public Emitter priority(io.zapsocket.server.Priority priority) {
        return new SocketEmitter(this, null, BroadcastOptions.Flags.DEFAULT.withPriority(
                java.util.Objects.requireNonNull(priority, "priority")));
    }

    @Override
    public BroadcastOperator broadcast() {
        return nsp.operator().except(id);
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return nsp.operator().except(id).to(rooms);
    }

    @Override
    public BroadcastOperator except(String... rooms) {
        return nsp.operator().except(id).except(rooms);
    }

    /**
     * Sends an event built by an emitter. A volatile packet is dropped by the engine if the transport is not
     * writable when it gets there (as Socket.IO, outgoing listeners still see it).
     */
    boolean send(SioPacket packet, BroadcastOptions.Flags flags) {
        if (!connected) {
            return false;
        }
        notifyOutgoing(packet);
        client.send(new DefaultPreparedPacket(packet, flags.compress(), client.parser()).message(flags));
        return true;
    }

    /** Registers a pending ack with optional timeout; all on the loop. */
    void registerAck(long ackId, PendingAck pending, Duration timeout) {
        acks().put(ackId, pending);
        nsp.serverImpl().observeAck(false);
        if (timeout != null) {
            ScheduledFuture<?> timer = loop().schedule(() -> {
                PendingAck p = takeAck(ackId);
                if (p instanceof TimedAck) {
                    nsp.serverImpl().observeAck(true);
                    ((TimedAck) p).timedOut();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (pending instanceof TimedAck) {
                ((TimedAck) pending).timer = timer;
            }
        }
    }

    @Override
    public void deliver(PreparedPacket packet, BroadcastOptions.Flags flags) {
        if (!connected) {
            return;
        }
        DefaultPreparedPacket p = DefaultPreparedPacket.of(packet, client.parser());
        notifyOutgoing(p.packet());
        client.send(p.message(flags));
    }

    @Override
    public void deliverWithAck(PreparedPacket packet, BroadcastOptions.Flags flags, Consumer<Args> onAck) {
        if (!connected) {
            return;
        }
        DefaultPreparedPacket p = DefaultPreparedPacket.of(packet, client.parser());
        long ackId = p.packet().id();
        PendingAck pending = new PendingAck() {
            @Override
            public void acked(Args args) {
                onAck.accept(args);
            }

            @Override
            public void closed() {
                onAck.accept(null); // counted client gone: the aggregator stops waiting for it
            }
        };
        acks().put(ackId, pending);
        nsp.serverImpl().observeAck(false);
        notifyOutgoing(p.packet());
        client.send(p.message(flags));
    }

    private void notifyOutgoing(SioPacket packet) {
        List<AnyListener> anyOutgoing = listeners.anyOutgoing();
        if (anyOutgoing.isEmpty()) {
            return;
        }
        List<Object> all = packet.args();
        String event = String.valueOf(all.get(0));
        Args args = Args.of(new ArrayList<>(all.subList(1, all.size())));
        for (AnyListener l : anyOutgoing) {
            dispatch(() -> l.onAny(event, args));
        }
    }

    // ---------------------------------------------------------------- inbound (on the loop)

    /**
     * Marks the socket connected: joins its own room (and a recovered session's rooms, data and missed packets,
     * which are sent before the CONNECT reply, as Socket.IO does), then sends CONNECT. Called on the loop.
     */
    void onConnect(RestoredSession restored) {
        connected = true;
        join(id);
        if (restored != null) {
            recovered = true;
            nsp.adapter().addAll(id, restored.rooms());
            if (!restored.data().isEmpty()) {
                data().putAll(restored.data());
            }
            for (List<Object> missed : restored.missedPackets()) {
                client.sendPacket(SioPacket.event(nsp.name(), missed));
            }
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("sid", id);
        if (pid != null) {
            reply.put("pid", pid);
        }
        client.sendPacket(SioPacket.connect(nsp.name(), reply));
    }

    /** The private session id, or {@code null} when recovery is off. */
    String pid() {
        return pid;
    }

    void onPacket(SioPacket packet) {
        switch (packet.type()) {
            case EVENT:
            case BINARY_EVENT:
                onEvent(packet);
                break;
            case ACK:
            case BINARY_ACK:
                onAck(packet);
                break;
            case DISCONNECT:
                onClientDisconnect();
                break;
            default:
                log.debug("socket {}: ignoring packet {}", id, packet.type());
        }
    }

    private void onEvent(SioPacket packet) {
        // The decoded list is this socket's alone (the decoder keeps nothing, the packet goes nowhere else): no copy.
        List<Object> all = packet.args() instanceof ArrayList<Object> decoded ? decoded : new ArrayList<>(packet.args());
        Ack ack = packet.id() >= 0 ? new ClientAck(packet.id()) : NoAck.INSTANCE;
        if (rateLimiter != null && rateLimited(String.valueOf(all.get(0)), ack)) {
            return;
        }
        if (executor == null && loop().inEventLoop()) {
            // the common case: inline, without a task object (same isolation as invoke)
            DefaultServerSocket mdc = SocketMdc.enter(this);
            try {
                handleEvent(all, ack);
            } catch (Throwable t) {
                reportError(t);
            } finally {
                SocketMdc.exit(this, mdc);
            }
        } else {
            dispatch(() -> handleEvent(all, ack));
        }
    }

    private void handleEvent(List<Object> all, Ack ack) {
        List<AnyListener> anyListeners = listeners.any();
        if (!anyListeners.isEmpty()) {
            String event = String.valueOf(all.get(0));
            Args args = Args.of(new ArrayList<>(all.subList(1, all.size())));
            for (AnyListener l : anyListeners) {
                invoke(() -> l.onAny(event, args));
            }
        }
        runPacketMiddlewares(all, 0, ack);
    }

    private void runPacketMiddlewares(List<Object> packet, int index, Ack ack) {
        List<PacketMiddleware> packetMiddlewares = listeners.packetMiddlewares();
        if (index >= packetMiddlewares.size()) {
            // without middlewares nobody else has seen the list: its tail becomes the arguments in place
            deliverEvent(packet, ack, index == 0);
            return;
        }
        PacketMiddleware mw = packetMiddlewares.get(index);
        AtomicBoolean done = new AtomicBoolean();
        Middleware.Next next = new Middleware.Next() {
            @Override
            public void proceed() {
                if (done.compareAndSet(false, true)) {
                    dispatch(() -> runPacketMiddlewares(packet, index + 1, ack));
                }
            }

            @Override
            public void fail(String message) {
                fail(message, null);
            }

            @Override
            public void fail(String message, Object data) {
                if (done.compareAndSet(false, true)) {
                    reportError(new MiddlewareException(message, data));
                }
            }
        };
        try {
            mw.handle(packet, next);
        } catch (Exception e) {
            if (done.compareAndSet(false, true)) {
                reportError(e);
            }
        }
    }

    /**
     * Calls the event's handlers, each isolated as {@link #invoke} does.
     *
     * @param owned whether {@code packet} is this socket's alone (an {@code ArrayList} no middleware has seen): its
     *              first element is then removed in place and the rest wrapped as the arguments, instead of copied
     */
    private void deliverEvent(List<Object> packet, Ack ack, boolean owned) {
        if (!connected || packet.isEmpty()) {
            return;
        }
        String event = String.valueOf(packet.get(0));
        Object handlers = listeners.handlersOf(event);
        if (handlers == null) {
            log.trace("socket {}: no handler for event {}", id, event);
            return;
        }
        Args args;
        if (owned && packet instanceof ArrayList<Object> list) {
            list.remove(0);
            args = Args.of(list);
        } else {
            args = Args.of(new ArrayList<>(packet.subList(1, packet.size())));
        }
        if (handlers instanceof EventHandler h) {
            try {
                h.handle(args, ack);
            } catch (Throwable t) {
                reportError(t);
            }
        } else {
            for (EventHandler h : (EventHandler[]) handlers) {
                try {
                    h.handle(args, ack);
                } catch (Throwable t) {
                    reportError(t);
                }
            }
        }
    }

    /** Applies the rate limits to an incoming event; {@code true} if it was dropped. On the loop. */
    private boolean rateLimited(String event, Ack ack) {
        long retryAfterMs = rateLimiter.tryAcquire(event, System.nanoTime());
        if (retryAfterMs == 0) {
            return false;
        }
        log.debug("socket {}: event {} rate limited (retry after {} ms)", id, event, retryAfterMs);
        nsp.serverImpl().observeRateLimited();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", "rate limited");
        error.put("event", event);
        error.put("retryAfterMs", retryAfterMs);
        if (ack.requested()) {
            ack.send(error);
        } else {
            client.sendPacket(SioPacket.event(nsp.name(), List.of(RateLimitOptions.ERROR_EVENT, error)));
        }
        if (rateLimiter.exhausted()) {
            log.info("socket {} ({}): disconnected after repeated rate-limit violations", id, nsp.name());
            client.sendPacket(SioPacket.disconnect(nsp.name()));
            onClose(DisconnectReason.RATE_LIMITED, "rate limited");
        }
        return true;
    }

    private void onAck(SioPacket packet) {
        PendingAck pending = takeAck(packet.id());
        if (pending == null) {
            log.debug("socket {}: ack {} for an unknown id ignored", id, packet.id());
            return;
        }
        pending.acked(Args.of(new ArrayList<>(packet.args())));
    }

    private void onClientDisconnect() {
        onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, "client namespace disconnect");
    }

    /**
     * Disconnects the socket (on the loop): {@code disconnecting} listeners (still in rooms), leave every room,
     * fail pending acks, {@code disconnect} listeners. Idempotent.
     */
    void onClose(DisconnectReason reason, String description) {
        if (!connected) {
            return;
        }
        connected = false;
        if (pid != null && RECOVERABLE.contains(reason)) {
            nsp.adapter().persistSession(new PersistedSession(id, pid, rooms(), dataOrEmpty()));
        }
        for (DisconnectListener l : listeners.disconnecting()) {
            dispatch(() -> l.onDisconnect(reason, description));
        }
        // membership ends after the disconnecting listeners, which may still read rooms()
        dispatchThen(() -> {
            nsp.adapter().delAll(id);
            nsp.removeSocket(this);
        });
        client.removeSocket(this);
        failPendingAcks();
        for (DisconnectListener l : listeners.disconnect()) {
            dispatch(() -> l.onDisconnect(reason, description));
        }
        dispatchThen(() -> {
            closedWith = reason;
            CompletableFuture<DisconnectReason> f = closeFuture;
            if (f != null) {
                f.complete(reason);
            }
        });
    }

    private void failPendingAcks() {
        ConcurrentHashMap<Long, PendingAck> acks = this.acks;
        if (acks == null) {
            return;
        }
        for (Long ackId : new ArrayList<>(acks.keySet())) {
            PendingAck p = acks.remove(ackId);
            if (p != null) {
                p.closed();
            }
        }
    }

    @Override
    public void disconnect(boolean close) {
        if (!loop().inEventLoop()) {
            loop().execute(() -> disconnect(close));
            return;
        }
        if (!connected) {
            return;
        }
        if (close) {
            client.disconnectAll();
            return;
        }
        client.sendPacket(SioPacket.disconnect(nsp.name()));
        onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT, "server namespace disconnect");
    }

    @Override
    public RemoteSocket snapshot() {
        return new LocalRemoteSocket(this);
    }

    // ---------------------------------------------------------------- handler execution

    /**
     * Runs user code in order for this socket: inline when on the loop without a handler executor, else on the
     * socket's serial executor. Each invocation is isolated.
     */
    void dispatch(ThrowingRunnable task) {
        if (executor != null) {
            executor.execute(() -> invoke(task));
        } else if (loop().inEventLoop()) {
            invoke(task);
        } else {
            loop().execute(() -> invoke(task));
        }
    }

    /** Runs framework code after the user tasks queued so far (same ordering as {@link #dispatch}). */
    private void dispatchThen(Runnable task) {
        if (executor != null) {
            executor.execute(() -> invoke(task::run));
        } else {
            task.run();
        }
    }

    void invoke(ThrowingRunnable task) {
        DefaultServerSocket mdc = SocketMdc.enter(this);
        try {
            task.run();
        } catch (Throwable t) {
            reportError(t);
        } finally {
            SocketMdc.exit(this, mdc);
        }
    }

    void reportError(Throwable t) {
        List<ErrorListener> errorListeners = listeners.errors();
        if (errorListeners.isEmpty() && !nsp.serverImpl().hasErrorListeners()) {
            log.warn("socket {} ({}): handler failed: {}", id, nsp.name(), t.toString(), t);
        } else {
            log.debug("socket {} ({}): handler failed", id, nsp.name(), t);
        }
        for (ErrorListener l : errorListeners) {
            try {
                l.onError(this, t);
            } catch (Throwable e) {
                log.warn("socket {}: error listener failed", id, e);
            }
        }
        nsp.serverImpl().reportError(this, t);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ---------------------------------------------------------------- acks

    /** The client asked for an acknowledgement: answering sends ACK (or BINARY_ACK) once. */
    private final class ClientAck implements Ack {
        private final long ackId;
        /** Set by the first {@link #send} ({@link #ACK_SENT}; a field, not an {@code AtomicBoolean}: one object less). */
        @SuppressWarnings("unused")
        private volatile boolean sent;

        ClientAck(long ackId) {
            this.ackId = ackId;
        }

        @Override
        public boolean requested() {
            return true;
        }

        @Override
        public void send(Object... args) {
            if (!ACK_SENT.compareAndSet(this, false, true)) {
                log.debug("socket {}: ack {} already sent", id, ackId);
                return;
            }
            if (!connected) {
                return;
            }
            byte[] utf8 = args == null || client.parser() != Parser.DEFAULT ? null
                    : AckEncoder.encode(nsp.name(), ackId, args);
            if (utf8 != null) {
                client.session().sendText(utf8);
            } else {
                // binary arguments (a BINARY_ACK and its attachments), the msgpack parser, or null (refused as before)
                client.sendPacket(SioPacket.ack(nsp.name(), ackId, Arrays.asList(args)));
            }
        }
    }

    private enum NoAck implements Ack {
        INSTANCE;

        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public void send(Object... args) {
        }
    }

    /** Server→client emit waiting for its ack, completing a future. */
    static final class TimedAck implements PendingAck {
        final CompletableFuture<Args> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> timer;

        @Override
        public void acked(Args args) {
            cancelTimer();
            future.complete(args);
        }

        @Override
        public void closed() {
            cancelTimer();
            future.completeExceptionally(new ConnectionClosedException("socket has been disconnected"));
        }

        void timedOut() {
            future.completeExceptionally(new AckTimeoutException());
        }

        private void cancelTimer() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    /**
     * Binds the first argument to a type (and validates it) before calling the typed handler; an invalid payload is
     * answered through the ack, or with the {@link ServerOptions#INVALID_PAYLOAD_EVENT} event, and never reaches
     * the handler.
     */
    private final class TypedAdapter<T> implements EventHandler {
        private final String event;
        private final Class<T> type;
        private final TypedEventHandler<T> handler;

        TypedAdapter(String event, Class<T> type, TypedEventHandler<T> handler) {
            this.event = event;
            this.type = Objects.requireNonNull(type, "type");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        @Override
        public void handle(Args args, Ack ack) throws Exception {
            T payload;
            try {
                payload = nsp.serverImpl().typedPayloads().bind(event, args.get(0), type);
            } catch (InvalidPayloadException e) {
                log.debug("socket {} ({}): invalid payload for {}: {} {}", id, nsp.name(), event, e.getMessage(),
                        e.fields());
                Map<String, Object> answer = TypedPayloads.answer(e);
                if (ack.requested()) {
                    ack.send(answer);
                } else if (connected) {
                    client.sendPacket(SioPacket.event(nsp.name(), List.of(ServerOptions.INVALID_PAYLOAD_EVENT,
                            answer)));
                }
                return;
            }
            handler.handle(payload, ack);
        }
    }

    @Override
    public String toString() {
        return "ServerSocket{" + id + ' ' + nsp.name() + '}';
    }
}
