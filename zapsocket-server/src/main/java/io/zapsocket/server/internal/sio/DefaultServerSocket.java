package io.zapsocket.server.internal.sio;

import io.netty.channel.EventLoop;
import io.zapsocket.protocol.AnyListener;
import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.TypedEventHandler;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.BroadcastOperator;
import io.zapsocket.server.DisconnectListener;
import io.zapsocket.server.Emitter;
import io.zapsocket.server.ErrorListener;
import io.zapsocket.server.Handshake;
import io.zapsocket.server.Namespace;
import io.zapsocket.server.PacketMiddleware;
import io.zapsocket.server.RateLimitOptions;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.LocalSocket;
import io.zapsocket.server.adapter.PersistedSession;
import io.zapsocket.server.adapter.PreparedPacket;
import io.zapsocket.server.adapter.RestoredSession;
import io.zapsocket.server.internal.ack.AckEncoder;
import io.zapsocket.server.internal.ack.AckTable;
import io.zapsocket.server.internal.ack.ClientAck;
import io.zapsocket.server.internal.ack.PendingAck;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * A socket: one client in one namespace. Connection state (connected flag, pending acks) is changed on the
 * connection's event loop; listeners are one copy-on-write {@link SocketListeners} value so they can be registered
 * from any thread; user handlers run through {@link #dispatch}, which keeps their order.
 *
 * <p>Memory: a server may hold hundreds of thousands of mostly idle sockets, so what most sockets never use is
 * created on first use, without locks (a compare-and-set of a volatile field): the {@code data()} map, the
 * {@link AckTable} of pending acks, the {@link Handshake} (built from the connection's request when first asked
 * for, then kept), the close future, and the listeners (all sockets without any share
 * {@link SocketListeners#EMPTY}). Incoming events go through {@link EventDelivery}; acks live in the
 * {@code internal.ack} package.
 */
final class DefaultServerSocket implements ServerSocket, LocalSocket, ClientAck.Replier {
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

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LISTENERS = l.findVarHandle(DefaultServerSocket.class, "listeners", SocketListeners.class);
            DATA = l.findVarHandle(DefaultServerSocket.class, "data", ConcurrentMap.class);
            ACKS = l.findVarHandle(DefaultServerSocket.class, "acks", AckTable.class);
            HANDSHAKE = l.findVarHandle(DefaultServerSocket.class, "handshake", Handshake.class);
            CLOSE_FUTURE = l.findVarHandle(DefaultServerSocket.class, "closeFuture", CompletableFuture.class);
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
    private volatile AckTable acks;
    /** Created by the first {@link #handshake()}. */
    private volatile Handshake handshake;
    /** Created by the first {@link #closeFuture()}; completed with {@link #closedWith}. */
    private volatile CompletableFuture<DisconnectReason> closeFuture;
    /** Set once the socket is closed (after its disconnect listeners). */
    private volatile DisconnectReason closedWith;
    private final SerialExecutor executor;

    /** The listeners now (one immutable value; read again for each event). */
    SocketListeners listeners() {
        return listeners;
    }

    /** The rate limiter, {@code null} when no rate limits are configured; used on the loop only. */
    EventRateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** The serial executor of its handlers, {@code null} when they run on the event loop. */
    SerialExecutor executor() {
        return executor;
    }

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
    AckTable acks() {
        return lazily(ACKS, () -> new AckTable(nsp.serverImpl()::observeAck,
                nsp.serverImpl().options().maxPendingAcks()));
    }

    /** Whether this socket awaits {@code maxPendingAcks} acks already (its own emits and broadcasts with an ack). */
    boolean acksFull() {
        AckTable a = this.acks;
        return a != null && a.isFull();
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
    PendingAck takeAck(long ackId) {
        AckTable a = acks;
        return a == null ? null : a.take(ackId);
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
        Set<String> set = Set.of(rooms);
        checkRoomLimit(set);
        nsp.adapter().addAll(id, set);
    }

    @Override
    public void join(Iterable<String> rooms) {
        Set<String> set = new java.util.LinkedHashSet<>();
        rooms.forEach(set::add);
        checkRoomLimit(set);
        nsp.adapter().addAll(id, set);
    }

    /** {@code maxRoomsPerSocket}: a join that would take the socket beyond it throws and joins nothing. */
    private void checkRoomLimit(Set<String> joining) {
        int max = nsp.serverImpl().options().maxRoomsPerSocket();
        Set<String> current = nsp.adapter().socketRooms(id);
        int added = 0;
        for (String room : joining) {
            if (!current.contains(room)) {
                added++;
            }
        }
        if (added > 0 && current.size() + added > max) {
            throw new IllegalStateException("socket " + id + " would be in " + (current.size() + added)
                    + " rooms, over maxRoomsPerSocket (" + max + ")");
        }
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
        return on(event, new TypedEventAdapter<>(this, event, type, handler));
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

    @Override
    public void deliver(PreparedPacket packet, BroadcastOptions.Flags flags) {
        if (!connected) {
            return;
        }
        DefaultPreparedPacket p = DefaultPreparedPacket.of(packet, client.parser());
        EventDelivery.notifyOutgoing(this, p.packet());
        client.send(p.message(flags));
    }

    @Override
    public void deliverWithAck(PreparedPacket packet, BroadcastOptions.Flags flags, Consumer<Args> onAck) {
        if (!connected) {
            return;
        }
        if (acksFull()) {
            onAck.accept(null); // over maxPendingAcks: skipped, counted like a client that is gone
            return;
        }
        DefaultPreparedPacket p = DefaultPreparedPacket.of(packet, client.parser());
        long ackId = p.packet().id();
        acks().register(ackId, PendingAck.counted(onAck));
        EventDelivery.notifyOutgoing(this, p.packet());
        client.send(p.message(flags));
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
        if (pid != null) {
            // the live data map (created now): the adapter's later writes see what handlers put in it
            nsp.adapter().sessionStarted(id, pid, data());
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
        SocketHandlers.dispatchThen(this, () -> {
            nsp.adapter().delAll(id);
            nsp.removeSocket(this);
        });
        client.removeSocket(this);
        failPendingAcks();
        for (DisconnectListener l : listeners.disconnect()) {
            dispatch(() -> l.onDisconnect(reason, description));
        }
        SocketHandlers.dispatchThen(this, () -> {
            closedWith = reason;
            CompletableFuture<DisconnectReason> f = closeFuture;
            if (f != null) {
                f.complete(reason);
            }
        });
    }

    private void failPendingAcks() {
        AckTable a = this.acks;
        if (a != null) {
            a.closeAll();
        }
    }

    /** Answers a client's ack request ({@link ClientAck}, sent once): the ACK, or BINARY_ACK with attachments. */
    @Override
    public void reply(long ackId, Object[] args) {
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

    /**
     * Runs user code in order for this socket, isolated ({@link SocketHandlers#dispatch}): inline when on the loop
     * without a handler executor, else on the socket's serial executor.
     */
    void dispatch(SocketHandlers.ThrowingRunnable task) {
        SocketHandlers.dispatch(this, task);
    }

    @Override
    public String toString() {
        return "ServerSocket{" + id + ' ' + nsp.name() + '}';
    }
}
