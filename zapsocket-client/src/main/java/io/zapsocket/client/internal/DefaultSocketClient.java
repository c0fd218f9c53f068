package io.zapsocket.client.internal;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.zapsocket.client.ClientListener;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.client.TransportException;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.ReconnectFailedException;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.engine.EnginePacket;
import io.zapsocket.protocol.sio.SioDecoder;
import io.zapsocket.protocol.sio.SioMsgpackCodec;
import io.zapsocket.protocol.sio.SioPacket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The client (the JavaScript client's {@code Manager}): owns the Engine.IO session, the reconnection with backoff
 * and the namespace sockets. All protocol state is confined to one event loop; public methods hop there.
 */
public final class DefaultSocketClient implements SocketClient, EngineSocket.Listener {
    private static final Logger log = LoggerFactory.getLogger(DefaultSocketClient.class);

    private enum ReadyState { CLOSED, OPENING, OPEN }

    private static final java.util.concurrent.atomic.AtomicInteger IO_THREADS =
            new java.util.concurrent.atomic.AtomicInteger();

    private final ClientOptions options;
    private final Endpoint endpoint;
    private final EventLoopGroup ownGroup;
    private final EventLoop loop;
    private final Scheduler scheduler;
    private final ListenerDispatcher dispatcher;
    private final FileQueueStore store;
    private final ConcurrentHashMap<String, DefaultClientSocket> sockets = new ConcurrentHashMap<>();
    private final ListenerList<ClientListener> listeners = new ListenerList<>();
    private final CompletableFuture<Void> closeFuture = new ClientFuture<>(this);
    /** The threads this client started (its own I/O thread), joined by {@link #close()}. */
    private final List<Thread> ownThreads = new CopyOnWriteArrayList<>();
    private volatile boolean closing;
    private final AtomicBoolean closeStarted =
            new AtomicBoolean();
    private volatile boolean openMirror;
    private volatile Transport transportMirror;

    // ---- loop state ----------------------------------------------------------------------------------------
    private final Backoff backoff;
    private final EngineSocket.UpgradeMemory upgradeMemory = new EngineSocket.UpgradeMemory();
    private ReadyState readyState = ReadyState.CLOSED;
    private EngineSocket engine;
    private SioDecoder decoder;
    private boolean reconnecting;
    private boolean skipReconnect;
    /** The server sent {@link SocketClient#DRAIN_EVENT}: the next reconnection skips its delay. Loop. */
    private boolean drainNotice;
    private Scheduler.Timer reconnectTimer;
    private Scheduler.Timer connectTimer;
    private boolean closed;
    private boolean finished;
    private int closingEngines;

    /**
     * @param uri the server URL
     * @param options the options
     * @param sharedGroup an event loop group to take one loop from, or {@code null} for an own single-thread one
     */
    public DefaultSocketClient(URI uri, ClientOptions options, EventLoopGroup sharedGroup) {
        this(uri, options, sharedGroup, LoopScheduler::new, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** For tests: a substitute scheduler (manual clock) and random source. */
    DefaultSocketClient(URI uri, ClientOptions options, EventLoopGroup sharedGroup,
                        Function<EventLoop, Scheduler> schedulerFactory, DoubleSupplier random) {
        this.options = Objects.requireNonNull(options, "options");
        this.endpoint = new Endpoint(Objects.requireNonNull(uri, "uri"), options);
        // an own loop is a single SingleThreadIoEventLoop, not a group: a group's termination listeners run on Netty's
        // GlobalEventExecutor, a non-daemon thread that would outlive close() by about a second
        this.ownGroup = sharedGroup == null
                ? new SingleThreadIoEventLoop(null, r -> {
                    Thread t = new FastThreadLocalThread(r, "zapsocket-client-io-" + IO_THREADS.incrementAndGet());
                    t.setDaemon(true);
                    ownThreads.add(t);
                    return t;
                }, NioIoHandler.newFactory())
                : null;
        this.loop = (sharedGroup != null ? sharedGroup : ownGroup).next();
        this.scheduler = schedulerFactory.apply(loop);
        this.dispatcher = new ListenerDispatcher(options.listenerExecutor());
        this.backoff = new Backoff(options.reconnectionDelay().toMillis(), options.reconnectionDelayMax().toMillis(),
                options.randomizationFactor(), random);
        FileQueueStore s = null;
        if (options.persistentQueue() != null) {
            try {
                s = FileQueueStore.open(options.persistentQueue());
            } catch (RuntimeException e) {
                shutdownThreads();
                throw e;
            }
        }
        this.store = s;
    }

    // ---- API ----------------------------------------------------------------------------------------------------

    @Override
    public ClientOptions options() {
        return options;
    }

    @Override
    public ClientSocket socket(String namespace) {
        return socket(namespace, null, false);
    }

    @Override
    public ClientSocket socket(String namespace, Supplier<?> auth) {
        return socket(namespace, Objects.requireNonNull(auth, "auth"), true);
    }

    private ClientSocket socket(String namespace, Supplier<?> auth, boolean ownAuth) {
        String nsp = namespace == null || namespace.isEmpty() ? SioPacket.MAIN_NAMESPACE : namespace;
        if (!nsp.startsWith("/") || nsp.indexOf(',') >= 0) {
            throw new IllegalArgumentException("namespace must start with '/' and not contain ',': " + namespace);
        }
        if (closing) {
            throw new IllegalStateException("the client is closed");
        }
        DefaultClientSocket result = sockets.computeIfAbsent(nsp, n -> {
            DefaultClientSocket socket = new DefaultClientSocket(this, n, options, store,
                    ownAuth ? auth : options.auth());
            if (store != null) {
                List<FileQueueStore.Stored> restored = store.takeRestored(n);
                if (!restored.isEmpty()) {
                    runOnLoop(() -> socket.restore(restored), null);
                }
            }
            return socket;
        });
        if (ownAuth && result.auth() != auth) {
            throw new IllegalStateException("the socket of " + nsp + " already exists with another auth");
        }
        return result;
    }

    @Override
    public SocketClient addListener(ClientListener listener) {
        listeners.add(listener);
        return this;
    }

    @Override
    public SocketClient removeListener(ClientListener listener) {
        listeners.remove(listener);
        return this;
    }

    @Override
    public Transport transport() {
        return transportMirror;
    }

    @Override
    public boolean isOpen() {
        return openMirror && !closing; // false at once after close()
    }

    /** Whether {@link #close()} was called. Any thread. */
    boolean isClosing() {
        return closing;
    }

    /** A future for a caller: blocking on it from the client's own threads fails fast. Any thread. */
    <T> CompletableFuture<T> newFuture() {
        return new ClientFuture<>(this);
    }

    /** Whether the calling thread is one of this client's (its listener dispatcher or its I/O loop). */
    boolean onOwnThread() {
        return dispatcher.inDispatcher() || loop.inEventLoop();
    }

    // ---- services for the sockets (loop unless noted) -----------------------------------------------------

    /** Runs {@code task} on the loop; {@code onRejected} (any thread) if the loop is gone. Any thread. */
    void runOnLoop(Runnable task, Runnable onRejected) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            if (onRejected != null) {
                onRejected.run();
            }
        }
    }

    /** Queues a listener task on the dispatcher. Any thread. */
    void dispatch(Runnable task) {
        dispatcher.execute(task);
    }

    Scheduler scheduler() {
        return scheduler;
    }

    ListenerDispatcher dispatcher() {
        return dispatcher;
    }

    void sendPackets(List<EnginePacket> packets) {
        if (engine != null && readyState == ReadyState.OPEN) {
            engine.send(packets);
        }
    }

    boolean engineWritable() {
        return engine != null && readyState == ReadyState.OPEN && engine.writable();
    }

    boolean engineOpen() {
        return readyState == ReadyState.OPEN;
    }

    /** A socket became active: connect it now, or open the connection. */
    void socketActivated(DefaultClientSocket socket) {
        if (closed) {
            return;
        }
        if (readyState == ReadyState.OPEN) {
            socket.onEngineOpen();
        } else if (!reconnecting) {
            open();
        }
    }

    /** A socket became inactive: close the connection when none is active any more. */
    void socketDeactivated() {
        for (DefaultClientSocket s : sockets.values()) {
            if (s.isActive()) {
                return;
            }
        }
        skipReconnect = true;
        reconnecting = false;
        cancel(reconnectTimer);
        reconnectTimer = null;
        if (readyState != ReadyState.CLOSED) {
            closeEngine();
            notifyListeners(l -> l.onClose(DisconnectReason.IO_CLIENT_DISCONNECT));
        }
    }

    // ---- open / close ---------------------------------------------------------------------------------------

    private void open() {
        if (closed || readyState != ReadyState.CLOSED) {
            return;
        }
        readyState = ReadyState.OPENING;
        skipReconnect = false;
        EngineSocket e = new EngineSocket(loop, scheduler, endpoint, options, this, upgradeMemory);
        engine = e;
        connectTimer = scheduler.schedule(options.timeout().toMillis(), () -> {
            if (engine == e && readyState == ReadyState.OPENING) {
                onOpenFailed(new TransportException("timeout: no handshake within " + options.timeout().toMillis()
                        + " ms"));
            }
        });
        e.open();
    }

    private void closeEngine() {
        cancel(connectTimer);
        connectTimer = null;
        if (engine != null) {
            closingEngines++;
            engine.close(() -> {
                closingEngines--;
                if (closed && closingEngines == 0) {
                    finishClose();
                }
            });
            engine = null;
        }
        decoder = null;
        readyState = ReadyState.CLOSED;
        openMirror = false;
        transportMirror = null;
    }

    @Override
    public void onEngineOpen(EngineSocket e) {
        if (e != engine) {
            return;
        }
        cancel(connectTimer);
        connectTimer = null;
        readyState = ReadyState.OPEN;
        decoder = new SioDecoder(options.maxAttachments()); // unused (but non-null: open) with the msgpack parser
        openMirror = true;
        transportMirror = e.transport();
        notifyListeners(ClientListener::onOpen);
        if (reconnecting) {
            int attempt = backoff.attempts();
            reconnecting = false;
            backoff.reset();
            notifyListeners(l -> l.onReconnect(attempt));
        }
        for (DefaultClientSocket s : sockets.values()) {
            s.onEngineOpen();
        }
    }

    @Override
    public void onEngineMessage(EngineSocket e, EnginePacket packet) {
        if (e != engine || decoder == null) {
            return;
        }
        SioPacket p;
        try {
            if (options.parser() == Parser.MSGPACK) {
                if (!packet.isBinary()) {
                    throw new ProtocolException("text message, but the client uses the msgpack parser");
                }
                p = SioMsgpackCodec.decode(packet.binary());
            } else {
                p = packet.isBinary() ? decoder.addBinary(packet.binary()) : decoder.addText(packet.text());
            }
        } catch (ProtocolException ex) {
            String what = packet.isBinary() ? "binary message of " + packet.binary().length + " bytes"
                    : "4" + PollingTransport.snippet(packet.text());
            onClose(DisconnectReason.PARSE_ERROR, new ProtocolException("invalid Socket.IO packet from the server ("
                    + ex.getMessage() + "): " + what, ex));
            return;
        }
        if (p == null) {
            return; // waiting for attachments
        }
        if ((p.type() == io.zapsocket.protocol.sio.SioPacketType.EVENT)
                && SocketClient.DRAIN_EVENT.equals(p.eventName())) {
            log.debug("the server is draining: reconnecting without delay when it closes the connection");
            drainNotice = true;
        }
        DefaultClientSocket s = sockets.get(p.nsp());
        if (s == null) {
            log.debug("packet for a namespace without socket: {}", p.nsp());
            return;
        }
        s.onPacket(p);
    }

    @Override
    public void onEnginePing(EngineSocket e) {
        if (e == engine) {
            notifyListeners(ClientListener::onPing);
        }
    }

    @Override
    public void onEngineUpgrade(EngineSocket e, Transport transport) {
        if (e == engine) {
            transportMirror = transport;
            notifyListeners(l -> l.onUpgrade(transport));
        }
    }

    @Override
    public void onEngineClose(EngineSocket e, DisconnectReason reason, Throwable cause, boolean wasOpen) {
        if (e != engine) {
            return;
        }
        if (!wasOpen) {
            engine = null;
            onOpenFailed(cause != null ? cause : new TransportException("connection closed during the handshake"));
        } else {
            onClose(reason, cause);
        }
    }

    private void onOpenFailed(Throwable cause) {
        closeEngine();
        notifyListeners(l -> l.onError(cause));
        ReconnectFailedException gaveUp = !reconnecting && !options.reconnection()
                ? new ReconnectFailedException(0, cause) : null;
        for (DefaultClientSocket s : sockets.values()) {
            s.onOpenFailed(cause, gaveUp);
        }
        if (reconnecting) {
            reconnecting = false;
            notifyListeners(l -> l.onReconnectError(cause));
            reconnect(cause);
        } else if (options.reconnection() && backoff.attempts() == 0) {
            reconnect(cause);
        } else if (gaveUp != null) {
            socketDeactivated();
        }
    }

    /** No further attempt will be made: the active sockets become inactive and fail their buffered emits. */
    private void giveUp(ReconnectFailedException why) {
        for (DefaultClientSocket s : sockets.values()) {
            s.onGaveUp(why);
        }
        socketDeactivated();
    }

    /** The open connection closed (by the server, the network, the heartbeat or a parse error). */
    private void onClose(DisconnectReason reason, Throwable cause) {
        closeEngine();
        backoff.reset();
        if (cause != null) {
            log.debug("connection closed ({})", reason, cause);
            notifyListeners(l -> l.onError(cause));
        }
        notifyListeners(l -> l.onClose(reason));
        for (DefaultClientSocket s : sockets.values()) {
            s.onEngineClose(reason);
        }
        if (options.reconnection() && !skipReconnect) {
            reconnect(cause);
        } else if (!skipReconnect) {
            giveUp(new ReconnectFailedException(0, cause != null ? cause
                    : new TransportException("connection closed (" + reason + ")")));
        }
    }

    private void reconnect(Throwable lastError) {
        if (reconnecting || skipReconnect || closed) {
            return;
        }
        if (backoff.attempts() >= options.reconnectionAttempts()) {
            int attempts = backoff.attempts();
            backoff.reset();
            giveUp(new ReconnectFailedException(attempts, lastError)); // first: the listener sees inactive sockets
            notifyListeners(ClientListener::onReconnectFailed);
            return;
        }
        // after a drain notice the first attempt goes at once (the load balancer picks another node); if it fails,
        // the next ones back off as usual
        long delay = backoff.duration(); // counts the attempt
        if (drainNotice) {
            delay = 0;
            drainNotice = false;
        }
        reconnecting = true;
        log.debug("reconnecting in {} ms (attempt {})", delay, backoff.attempts());
        reconnectTimer = scheduler.schedule(delay, () -> {
            reconnectTimer = null;
            if (skipReconnect || closed || !reconnecting) {
                return;
            }
            int attempt = backoff.attempts();
            notifyListeners(l -> l.onReconnectAttempt(attempt));
            open();
        });
    }

    private static void cancel(Scheduler.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }

    private void notifyListeners(Consumer<ClientListener> event) {
        listeners.fire(dispatcher, event::accept, t -> log.warn("client listener failed", t));
    }

    // ---- close ----------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> closeAsync() {
        if (!closeStarted.compareAndSet(false, true)) {
            return closeFuture;
        }
        closing = true;
        runOnLoop(this::closeOnLoop, this::finishClose);
        return closeFuture;
    }

    private void closeOnLoop() {
        if (closed) {
            return;
        }
        for (DefaultClientSocket s : sockets.values()) {
            s.closeClient();
        }
        closed = true;
        skipReconnect = true;
        reconnecting = false;
        cancel(reconnectTimer);
        reconnectTimer = null;
        boolean wasOpen = readyState == ReadyState.OPEN;
        closeEngine();
        if (wasOpen) {
            notifyListeners(l -> l.onClose(DisconnectReason.IO_CLIENT_DISCONNECT));
        }
        // graceful: the queued DISCONNECT packets and the engine close are sent first (possibly by a close that a
        // socket's disconnect started), then the threads are released. A real timer bounds the wait, even under a
        // test clock: closing must not depend on a test advancing time.
        if (closingEngines == 0) {
            finishClose();
        } else {
            loop.schedule(this::finishClose, EngineSocket.CLOSE_GRACE_MILLIS + 50, TimeUnit.MILLISECONDS);
        }
    }

    private void finishClose() {
        if (finished) {
            return;
        }
        finished = true;
        endpoint.resolver().close();
        if (store != null) {
            store.close();
        }
        CompletableFuture<Void> drained = dispatcher.shutdown();
        if (ownGroup != null) {
            // no listener on its termination future: it would run on Netty's non-daemon GlobalEventExecutor;
            // close() joins the thread instead
            ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        drained.whenComplete((v, e) -> closeFuture.complete(null));
    }

    private void shutdownThreads() {
        endpoint.resolver().close();
        dispatcher.shutdown();
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * Closes and waits (at most about 15 s) until every thread this client started has ended: its I/O thread, its
     * event thread, its DNS lookup thread. Returns at once when called on the client's own threads.
     */
    @Override
    public void close() {
        CompletableFuture<Void> f = closeAsync();
        if (loop.inEventLoop() || dispatcher.inDispatcher()) {
            return; // waiting here would deadlock
        }
        try {
            f.get(10, TimeUnit.SECONDS);
            dispatcher.awaitTermination(2000);
            endpoint.resolver().awaitTermination(1000);
            if (ownGroup != null) {
                ownGroup.awaitTermination(2, TimeUnit.SECONDS);
                for (Thread t : ownThreads) {
                    t.join(1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("close did not complete: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "SocketClient{" + endpoint + ", open=" + openMirror + ", transport=" + transportMirror + '}';
    }
}
