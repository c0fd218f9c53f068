package io.zapsocket.client.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.zapsocket.client.AckCallback;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.ConnectErrorException;
import io.zapsocket.client.DisconnectListener;
import io.zapsocket.client.Emitter;
import io.zapsocket.client.ErrorListener;
import io.zapsocket.client.OverflowPolicy;
import io.zapsocket.client.RetriesExhaustedException;
import io.zapsocket.client.SendBufferFullException;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.AckTimeoutException;
import io.zapsocket.protocol.AnyListener;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.ConnectionClosedException;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.TypedEventHandler;
import io.zapsocket.protocol.ZapSocketException;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.sio.Encoded;
import io.zapsocket.protocol.sio.ReservedEvents;
import io.zapsocket.protocol.sio.SioDecoder;
import io.zapsocket.protocol.sio.SioEncoder;
import io.zapsocket.protocol.sio.SioPacket;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The socket of one namespace. Its protocol state (connection, ack table, offline buffer, retry queue, receive
 * buffer, recovery pid/offset) is confined to the client's event loop; public methods hop there. Listener lists are
 * concurrent (registered from any thread, read on the dispatcher).
 */
final class DefaultClientSocket implements ClientSocket {
    private static final Logger log = LoggerFactory.getLogger(DefaultClientSocket.class);

    private final DefaultSocketClient client;
    private final String nsp;
    private final ClientOptions options;
    private final FileQueueStore store;
    private final Supplier<?> auth;

    // ---- listeners (any thread) --------------------------------------------------------------------------------
    private final Map<String, CopyOnWriteArrayList<EventHandler>> listeners = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<AnyListener> anyListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<AnyListener> anyOutgoingListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Runnable> connectListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<DisconnectListener> disconnectListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<ErrorListener> connectErrorListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<ErrorListener> errorListeners = new CopyOnWriteArrayList<>();

    // ---- mirrors readable from any thread ----------------------------------------------------------------------
    private volatile String idMirror;
    private volatile boolean connectedMirror;
    private volatile boolean activeMirror;
    private volatile boolean recoveredMirror;
    private volatile int bufferedMirror;

    // ---- loop state ----------------------------------------------------------------------------------------------
    private boolean active;
    private boolean connected;
    /** Incremented on every CONNECT sent, so a late async auth doesn't send a stale CONNECT. */
    private int connectAttempt;
    private String pid;
    private String lastOffset;
    private long nextAckId;
    private final Map<Long, PendingAck> acks = new HashMap<>();
    private final ArrayDeque<EmitRequest> sendBuffer = new ArrayDeque<>();
    private final ArrayDeque<RetryEntry> retryQueue = new ArrayDeque<>();
    private final ArrayDeque<SioPacket> receiveBuffer = new ArrayDeque<>();
    private boolean closed;

    /** An ack we wait for: a plain emit with ack, or one attempt of a retried packet. */
    private static final class PendingAck {
        final EmitRequest request;
        final RetryEntry entry;
        Scheduler.Timer timer;

        PendingAck(EmitRequest request, RetryEntry entry) {
            this.request = request;
            this.entry = entry;
        }
    }

    /** A packet of the at-least-once queue. */
    private static final class RetryEntry {
        final EmitRequest request;
        final List<Long> ackIds = new ArrayList<>(2);
        int attempts;
        boolean inFlight;
        Scheduler.Timer timer;

        RetryEntry(EmitRequest request) {
            this.request = request;
        }
    }

    DefaultClientSocket(DefaultSocketClient client, String nsp, ClientOptions options, FileQueueStore store,
                        Supplier<?> auth) {
        this.client = client;
        this.nsp = nsp;
        this.options = options;
        this.store = store;
        this.auth = auth;
    }

    /** The auth supplier of this socket (its own or the options'), may be null. */
    Supplier<?> auth() {
        return auth;
    }

    // ---- API: state ----------------------------------------------------------------------------------------------

    @Override
    public String namespace() {
        return nsp;
    }

    @Override
    public SocketClient client() {
        return client;
    }

    @Override
    public String id() {
        return idMirror;
    }

    @Override
    public boolean connected() {
        return connectedMirror;
    }

    @Override
    public boolean active() {
        return activeMirror;
    }

    @Override
    public boolean recovered() {
        return recoveredMirror;
    }

    @Override
    public int bufferedCount() {
        return bufferedMirror;
    }

    @Override
    public ClientSocket connect() {
        client.runOnLoop(this::connectOnLoop, null);
        return this;
    }

    @Override
    public ClientSocket disconnect() {
        client.runOnLoop(() -> leave(DisconnectReason.IO_CLIENT_DISCONNECT, true), null);
        return this;
    }

    // ---- API: listeners ----------------------------------------------------------------------------------------

    @Override
    public ClientSocket on(String event, EventHandler listener) {
        checkListenable(event);
        Objects.requireNonNull(listener, "listener");
        listeners.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(listener);
        return this;
    }

    @Override
    public <T> ClientSocket on(String event, Class<T> type, TypedEventHandler<T> listener) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(listener, "listener");
        return on(event, new TypedAdapter<>(type, listener));
    }

    /** Binds the first argument; a mismatch is reported as an error, the listener not called. */
    private record TypedAdapter<T>(Class<T> type, TypedEventHandler<T> listener) implements EventHandler {
        @Override
        public void handle(Args args, Ack ack) throws Exception {
            listener.handle(Json.convert(args.get(0), type), ack);
        }
    }

    private static void checkListenable(String event) {
        Objects.requireNonNull(event, "event");
        if (ReservedEvents.isReserved(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name: use onConnect, "
                    + "onDisconnect or onConnectError");
        }
    }

    @Override
    public ClientSocket off(String event, EventHandler listener) {
        List<EventHandler> l = listeners.get(event);
        if (l != null) {
            l.remove(listener);
        }
        return this;
    }

    @Override
    public ClientSocket off(String event) {
        listeners.remove(event);
        return this;
    }

    @Override
    public ClientSocket onAny(AnyListener listener) {
        anyListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public ClientSocket offAny(AnyListener listener) {
        anyListeners.remove(listener);
        return this;
    }

    @Override
    public ClientSocket onAnyOutgoing(AnyListener listener) {
        anyOutgoingListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public ClientSocket offAnyOutgoing(AnyListener listener) {
        anyOutgoingListeners.remove(listener);
        return this;
    }

    @Override
    public ClientSocket onConnect(Runnable listener) {
        connectListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public ClientSocket onDisconnect(DisconnectListener listener) {
        disconnectListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public ClientSocket onConnectError(ErrorListener listener) {
        connectErrorListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public ClientSocket onError(ErrorListener listener) {
        errorListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    // ---- API: emit ----------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> emit(String event, Object... args) {
        return emitter(false, -2).emit(event, args);
    }

    @Override
    public void emit(String event, AckCallback callback, Object... args) {
        emitter(false, -2).emit(event, callback, args);
    }

    @Override
    public CompletableFuture<Args> emitWithAck(String event, Object... args) {
        return emitter(false, -2).emitWithAck(event, args);
    }

    @Override
    public Emitter timeout(Duration timeout) {
        return emitter(false, -2).timeout(timeout);
    }

    @Override
    public Emitter asVolatile() {
        return emitter(true, -2);
    }

    private Emitter emitter(boolean isVolatile, long timeoutMillis) {
        return new SocketEmitter(isVolatile, timeoutMillis);
    }

    /** The immutable emit operator. {@code timeoutMillis}: -2 = the options' ackTimeout. */
    private final class SocketEmitter implements Emitter {
        private final boolean isVolatile;
        private final long timeoutMillis;

        SocketEmitter(boolean isVolatile, long timeoutMillis) {
            this.isVolatile = isVolatile;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public CompletableFuture<Void> emit(String event, Object... args) {
            CompletableFuture<Void> written = new CompletableFuture<>();
            submit(prepare(event, args, isVolatile, timeoutMillis, written, null, null));
            return written;
        }

        @Override
        public void emit(String event, AckCallback callback, Object... args) {
            Objects.requireNonNull(callback, "callback");
            submit(prepare(event, args, isVolatile, timeoutMillis, null, null, callback));
        }

        @Override
        public CompletableFuture<Args> emitWithAck(String event, Object... args) {
            CompletableFuture<Args> acked = new CompletableFuture<>();
            submit(prepare(event, args, isVolatile, timeoutMillis, null, acked, null));
            return acked;
        }

        @Override
        public Emitter timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            return new SocketEmitter(isVolatile, timeout.toMillis());
        }

        @Override
        public Emitter asVolatile() {
            return new SocketEmitter(true, timeoutMillis);
        }
    }

    private EmitRequest prepare(String event, Object[] args, boolean isVolatile, long timeoutMillis,
                                CompletableFuture<Void> written, CompletableFuture<Args> acked,
                                AckCallback callback) {
        Objects.requireNonNull(event, "event");
        if (ReservedEvents.isReserved(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
        List<Object> argList = args == null ? List.of() : Arrays.asList(args.clone());
        List<Object> data = new ArrayList<>(argList.size() + 1);
        data.add(event);
        data.addAll(argList);
        SioPacket packet = SioPacket.event(nsp, data);
        Encoded encoded = SioEncoder.INSTANCE.encode(packet); // throws IAE for bad args
        long timeout = timeoutMillis != -2 ? timeoutMillis
                : options.ackTimeout() != null ? options.ackTimeout().toMillis() : -1;
        EmitRequest req = new EmitRequest(nsp, event, argList, encoded, isVolatile, timeout, written, acked, callback);
        return options.parser() == Parser.MSGPACK ? req.msgpack(packet) : req;
    }

    private void submit(EmitRequest req) {
        if (store != null && !req.isVolatile) {
            // recorded before the hop to the loop, so the file keeps the caller's order
            req.storeSeq = store.add(nsp, req.encoded);
        }
        client.runOnLoop(() -> emitOnLoop(req), () -> {
            storeDone(req);
            fail(req, new ConnectionClosedException("the client is closed"));
        });
    }

    // ---- loop: emit paths ---------------------------------------------------------------------------------------

    private void emitOnLoop(EmitRequest req) {
        if (closed) {
            storeDone(req); // never queued: not to be sent by a later process either
            fail(req, new ConnectionClosedException("the client is closed"));
            return;
        }
        if (options.retries() > 0 && !req.isVolatile) {
            enqueueRetry(new RetryEntry(req));
            return;
        }
        if (req.isVolatile && !(connected && client.engineWritable())) {
            fail(req, new ConnectionClosedException("volatile packet dropped: the socket cannot write now"));
            return;
        }
        long id = -1;
        if (req.wantsAck()) {
            id = nextAckId++;
            PendingAck pa = new PendingAck(req, null);
            acks.put(id, pa);
            if (req.timeoutMillis >= 0) {
                long ackId = id;
                pa.timer = client.scheduler().schedule(req.timeoutMillis, () -> onAckTimeout(ackId));
            }
        }
        if (connected) {
            write(req, id, false);
            return;
        }
        if (sendBuffer.size() >= options.sendBufferSize()) {
            if (options.overflowPolicy() == OverflowPolicy.DROP_OLDEST && !sendBuffer.isEmpty()) {
                EmitRequest dropped = sendBuffer.poll();
                forgetAck(dropped);
                fail(dropped, new SendBufferFullException("dropped from the full offline buffer ("
                        + options.sendBufferSize() + " packets) of " + nsp));
            } else {
                forgetAck(req);
                fail(req, new SendBufferFullException("offline buffer of " + nsp + " is full ("
                        + options.sendBufferSize() + " packets)"));
                return;
            }
        }
        sendBuffer.add(req);
        updateBuffered();
    }

    /** Removes the ack entry of a request that will never be sent. */
    private void forgetAck(EmitRequest req) {
        for (Iterator<PendingAck> it = acks.values().iterator(); it.hasNext(); ) {
            PendingAck pa = it.next();
            if (pa.request == req) {
                if (pa.timer != null) {
                    pa.timer.cancel();
                }
                it.remove();
            }
        }
    }

    private long idOf(EmitRequest req) {
        for (Map.Entry<Long, PendingAck> e : acks.entrySet()) {
            if (e.getValue().request == req && e.getValue().entry == null) {
                return e.getKey();
            }
        }
        return -1;
    }

    private void write(EmitRequest req, long id, boolean queued) {
        client.sendPackets(req.packets(id));
        if (!anyOutgoingListeners.isEmpty()) {
            Args a = Args.of(new ArrayList<>(req.args));
            for (AnyListener l : anyOutgoingListeners) {
                client.dispatch(() -> invoke(() -> l.onAny(req.event, a)));
            }
        }
        if (!queued && !req.wantsAck()) {
            if (req.finish() && req.written != null) {
                client.dispatch(() -> req.written.complete(null));
            }
        }
    }

    private void onAckTimeout(long id) {
        PendingAck pa = acks.remove(id);
        if (pa == null) {
            return;
        }
        sendBuffer.remove(pa.request);
        updateBuffered();
        fail(pa.request, new AckTimeoutException());
    }

    // ---- loop: at-least-once queue ----------------------------------------------------------------------------

    private void enqueueRetry(RetryEntry entry) {
        if (retryQueue.size() >= options.sendBufferSize()) {
            RetryEntry victim = null;
            if (options.overflowPolicy() == OverflowPolicy.DROP_OLDEST) {
                for (RetryEntry e : retryQueue) {
                    if (!e.inFlight) {
                        victim = e;
                        break;
                    }
                }
            }
            if (victim == null) {
                storeDone(entry.request);
                fail(entry.request, new SendBufferFullException("retry queue of " + nsp + " is full ("
                        + options.sendBufferSize() + " packets)"));
                return;
            }
            retryQueue.remove(victim);
            removeAckIds(victim);
            storeDone(victim.request);
            fail(victim.request, new SendBufferFullException("dropped from the full retry queue ("
                    + options.sendBufferSize() + " packets) of " + nsp));
        }
        retryQueue.add(entry);
        updateBuffered();
        drainRetries();
    }

    private void drainRetries() {
        if (!connected || closed || retryQueue.isEmpty()) {
            return;
        }
        RetryEntry head = retryQueue.peek();
        if (head.inFlight) {
            return;
        }
        long id = nextAckId++;
        head.ackIds.add(id);
        head.attempts++;
        head.inFlight = true;
        acks.put(id, new PendingAck(head.request, head));
        long timeout = head.request.timeoutMillis >= 0 ? head.request.timeoutMillis
                : options.ackTimeout().toMillis();
        head.timer = client.scheduler().schedule(timeout, () -> onRetryTimeout(head));
        write(head.request, id, true);
    }

    private void onRetryTimeout(RetryEntry entry) {
        if (retryQueue.peek() != entry || !entry.inFlight) {
            return;
        }
        entry.inFlight = false;
        entry.timer = null;
        if (entry.attempts > options.retries()) {
            retryQueue.poll();
            updateBuffered();
            removeAckIds(entry);
            storeDone(entry.request);
            fail(entry.request, new RetriesExhaustedException(entry.attempts));
        } else {
            log.debug("{}: no ack for '{}' after attempt {}: resending", nsp, entry.request.event, entry.attempts);
        }
        drainRetries();
    }

    private void onRetryAck(RetryEntry entry, Args response) {
        if (retryQueue.peek() != entry) {
            return; // already settled
        }
        retryQueue.poll();
        updateBuffered();
        if (entry.timer != null) {
            entry.timer.cancel();
        }
        removeAckIds(entry);
        storeDone(entry.request);
        succeed(entry.request, response);
        drainRetries();
    }

    private void removeAckIds(RetryEntry entry) {
        if (entry.timer != null) {
            entry.timer.cancel();
            entry.timer = null;
        }
        for (Long id : entry.ackIds) {
            acks.remove(id);
        }
    }

    private void storeDone(EmitRequest req) {
        if (store != null && req.storeSeq >= 0) {
            store.done(req.storeSeq);
            req.storeSeq = -1;
        }
    }

    /** Adds packets restored from the persistent store to the front of the queue (before any new emit). */
    void restore(List<FileQueueStore.Stored> stored) {
        for (FileQueueStore.Stored s : stored) {
            List<Object> args;
            String event;
            try {
                SioDecoder decoder = new SioDecoder(Integer.MAX_VALUE);
                SioPacket p = decoder.addText(s.encoded().text());
                for (byte[] b : s.encoded().attachments()) {
                    p = decoder.addBinary(b);
                }
                List<Object> data = p.args();
                event = p.eventName();
                args = new ArrayList<>(data.subList(1, data.size()));
            } catch (ProtocolException | NullPointerException e) {
                log.warn("{}: dropping unreadable persisted packet {}: {}", nsp, s.seq(), e.toString());
                store.done(s.seq());
                continue;
            }
            long timeout = options.ackTimeout().toMillis();
            EmitRequest req = new EmitRequest(nsp, event, args, s.encoded(), false, timeout, null, null, null);
            if (options.parser() == Parser.MSGPACK) {
                req.msgpack(null); // the store keeps the default form
            }
            req.storeSeq = s.seq();
            retryQueue.add(new RetryEntry(req));
        }
        updateBuffered();
        drainRetries();
    }

    // ---- loop: completion -----------------------------------------------------------------------------------

    private void succeed(EmitRequest req, Args response) {
        if (!req.finish()) {
            return;
        }
        client.dispatch(() -> {
            if (req.acked != null) {
                req.acked.complete(response);
            }
            if (req.written != null) {
                req.written.complete(null);
            }
            if (req.callback != null) {
                invoke(() -> req.callback.onAck(null, response));
            }
        });
    }

    private void fail(EmitRequest req, Throwable error) {
        if (!req.finish()) {
            return;
        }
        boolean restoredOnly = req.acked == null && req.written == null && req.callback == null;
        client.dispatch(() -> {
            if (req.acked != null) {
                req.acked.completeExceptionally(error);
            }
            if (req.written != null) {
                req.written.completeExceptionally(error);
            }
            if (req.callback != null) {
                invoke(() -> req.callback.onAck(error, null));
            }
            if (restoredOnly) {
                reportError(new ZapSocketException("persisted packet '" + req.event + "' of " + nsp
                        + " was not delivered: " + error.getMessage(), error));
            }
        });
    }

    private void updateBuffered() {
        bufferedMirror = sendBuffer.size() + retryQueue.size();
    }

    // ---- loop: connection lifecycle -------------------------------------------------------------------------

    private void connectOnLoop() {
        if (closed || connected) {
            return;
        }
        // also when active but disconnected: a manual reconnection (e.g. with reconnection off)
        active = true;
        activeMirror = true;
        client.socketActivated(this);
    }

    /** The client's connection is open: send CONNECT (the auth supplier is evaluated now). Loop. */
    void onEngineOpen() {
        if (!active || connected) {
            return;
        }
        int attempt = ++connectAttempt;
        Object auth;
        try {
            auth = this.auth == null ? null : this.auth.get();
        } catch (RuntimeException e) {
            authFailed(e);
            return;
        }
        if (auth instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, err) -> client.runOnLoop(() -> {
                if (attempt != connectAttempt || !active || connected || !client.engineOpen()) {
                    return;
                }
                if (err != null) {
                    authFailed(err);
                } else {
                    sendConnect(value);
                }
            }, null));
        } else {
            sendConnect(auth);
        }
    }

    private void authFailed(Throwable e) {
        ZapSocketException err = new ZapSocketException("the auth supplier failed: " + e, e);
        deactivate();
        client.dispatch(() -> connectError(err));
        client.socketDeactivated();
    }

    private void sendConnect(Object auth) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (pid != null) {
            data.put("pid", pid);
            if (lastOffset != null) {
                data.put("offset", lastOffset);
            }
        }
        if (auth != null) {
            Map<String, Object> fields;
            try {
                fields = auth instanceof Map<?, ?> m ? castMap(m) : Json.convert(auth, MAP_TYPE);
            } catch (IllegalArgumentException e) {
                authFailed(e);
                return;
            }
            data.putAll(fields);
        }
        client.sendPackets(control(SioPacket.connect(nsp, pid == null && auth == null ? null : data)).packets(-1));
    }

    /** A CONNECT / ACK / DISCONNECT as a request, in this client's parser; throws IAE for bad ack arguments. */
    private EmitRequest control(SioPacket packet) {
        EmitRequest req = new EmitRequest(nsp, "", List.of(), SioEncoder.INSTANCE.encode(packet), false, -1, null,
                null, null);
        return options.parser() == Parser.MSGPACK ? req.msgpack(packet) : req;
    }

    private static final TypeReference<Map<String, Object>> MAP_TYPE =
            new TypeReference<>() {
            };

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw new IllegalArgumentException("auth keys must be strings: " + k);
            }
        }
        return (Map<String, Object>) m;
    }

    /** A decoded packet for this namespace. Loop. */
    void onPacket(SioPacket p) {
        switch (p.type()) {
            case CONNECT -> onConnectReply(p);
            case CONNECT_ERROR -> onConnectError(p);
            case EVENT, BINARY_EVENT -> onEvent(p);
            case ACK, BINARY_ACK -> onAck(p);
            case DISCONNECT -> {
                if (connected || active) {
                    leave(DisconnectReason.IO_SERVER_DISCONNECT, false);
                }
            }
        }
    }

    private void onConnectReply(SioPacket p) {
        if (!active || connected) {
            log.debug("{}: ignoring CONNECT reply (active={}, connected={})", nsp, active, connected);
            return;
        }
        Map<String, Object> data = p.dataAsMap();
        if (data == null || !(data.get("sid") instanceof String sid)) {
            ProtocolException err = new ProtocolException("invalid CONNECT reply for " + nsp
                    + " (is the server Socket.IO v3+?): " + Json.stringify(p.data()));
            client.dispatch(() -> connectError(err));
            return;
        }
        Object newPid = data.get("pid");
        boolean recovered = newPid instanceof String np && np.equals(pid);
        pid = newPid instanceof String np ? np : null;
        if (!recovered) {
            lastOffset = null; // a new session: the old offsets mean nothing to it
        }
        connected = true;
        idMirror = sid;
        recoveredMirror = recovered;
        connectedMirror = true;
        for (Runnable l : connectListeners) {
            client.dispatch(() -> invoke(l::run));
        }
        // events that arrived before the CONNECT reply (recovered packets), after the connect listeners
        while (!receiveBuffer.isEmpty()) {
            dispatchEvent(receiveBuffer.poll());
        }
        // offline buffer, in order (ack ids were assigned at emit time)
        while (!sendBuffer.isEmpty() && connected) {
            EmitRequest req = sendBuffer.poll();
            if (req.isVolatile) {
                continue;
            }
            write(req, idOf(req), false);
        }
        updateBuffered();
        for (RetryEntry e : retryQueue) {
            e.inFlight = false;
        }
        drainRetries();
    }

    private void onConnectError(SioPacket p) {
        if (!active || connected) {
            return;
        }
        String message;
        Object extra = null;
        if (p.data() instanceof Map<?, ?> m) {
            message = String.valueOf(m.get("message"));
            extra = m.get("data");
        } else {
            message = String.valueOf(p.data());
        }
        ConnectErrorException err = new ConnectErrorException(message, extra);
        deactivate();
        client.dispatch(() -> connectError(err));
        client.socketDeactivated();
    }

    private void onEvent(SioPacket p) {
        if (connected) {
            dispatchEvent(p);
        } else if (active) {
            if (options.receiveBufferSize() == 0) {
                return;
            }
            if (receiveBuffer.size() >= options.receiveBufferSize()) {
                SioPacket dropped = receiveBuffer.poll();
                ZapSocketException err = new ZapSocketException("receive buffer of " + nsp + " full ("
                        + options.receiveBufferSize() + "): dropped event '" + dropped.eventName() + "'");
                client.dispatch(() -> reportError(err));
            }
            receiveBuffer.add(p);
        }
    }

    private void dispatchEvent(SioPacket p) {
        List<Object> data = p.args();
        String event = p.eventName();
        List<Object> argList = new ArrayList<>(data.subList(1, data.size()));
        if (pid != null && !argList.isEmpty() && argList.get(argList.size() - 1) instanceof String offset) {
            lastOffset = offset;
        }
        Args args = Args.of(argList);
        Ack ack = p.hasId() ? new ServerAck(p.id()) : NO_ACK;
        for (AnyListener l : anyListeners) {
            client.dispatch(() -> invoke(() -> l.onAny(event, args)));
        }
        List<EventHandler> ls = listeners.get(event);
        if (ls != null) {
            for (EventHandler l : ls) {
                client.dispatch(() -> invoke(() -> l.handle(args, ack)));
            }
        }
    }

    private static final Ack NO_ACK = new Ack() {
        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public void send(Object... args) {
        }
    };

    /** Our answer to a server's ack request; the first {@link #send} wins. */
    private final class ServerAck implements Ack {
        private final long id;
        private final AtomicBoolean sent = new AtomicBoolean();

        ServerAck(long id) {
            this.id = id;
        }

        @Override
        public boolean requested() {
            return true;
        }

        @Override
        public void send(Object... args) {
            if (!sent.compareAndSet(false, true)) {
                return;
            }
            List<Object> list = args == null ? List.of() : Arrays.asList(args.clone());
            EmitRequest req = control(SioPacket.ack(nsp, id, list));
            client.runOnLoop(() -> {
                if (connected) {
                    client.sendPackets(req.packets(-1));
                }
            }, null);
        }
    }

    private void onAck(SioPacket p) {
        PendingAck pa = acks.remove(p.id());
        if (pa == null) {
            log.debug("{}: ack for unknown id {}", nsp, p.id());
            return;
        }
        Args response = Args.of(new ArrayList<>(p.args()));
        if (pa.entry != null) {
            onRetryAck(pa.entry, response);
            return;
        }
        if (pa.timer != null) {
            pa.timer.cancel();
        }
        succeed(pa.request, response);
    }

    /** The client's connection closed. Loop. */
    void onEngineClose(DisconnectReason reason) {
        receiveBuffer.clear();
        if (!connected) {
            return;
        }
        markDisconnected(reason);
    }

    private void markDisconnected(DisconnectReason reason) {
        connected = false;
        connectedMirror = false;
        idMirror = null;
        // acks of packets already sent can't arrive any more; buffered (unsent) ones keep waiting
        for (Iterator<Map.Entry<Long, PendingAck>> it = acks.entrySet().iterator(); it.hasNext(); ) {
            PendingAck pa = it.next().getValue();
            if (pa.entry != null || sendBuffer.contains(pa.request)) {
                continue;
            }
            it.remove();
            if (pa.timer != null) {
                pa.timer.cancel();
            }
            fail(pa.request, new ConnectionClosedException("socket has been disconnected (" + reason + ")"));
        }
        // an interrupted at-least-once attempt is not counted: it is resent after the reconnection
        RetryEntry head = retryQueue.peek();
        if (head != null && head.inFlight) {
            head.inFlight = false;
            head.attempts--;
            if (head.timer != null) {
                head.timer.cancel();
                head.timer = null;
            }
        }
        for (DisconnectListener l : disconnectListeners) {
            client.dispatch(() -> invoke(() -> l.onDisconnect(reason)));
        }
    }

    /** Leaves for good (client or server disconnect): inactive until connect() is called again. Loop. */
    private void leave(DisconnectReason reason, boolean sendDisconnect) {
        if (!active && !connected) {
            return;
        }
        boolean wasConnected = connected;
        if (wasConnected && sendDisconnect) {
            client.sendPackets(control(SioPacket.disconnect(nsp)).packets(-1));
        }
        deactivate();
        receiveBuffer.clear();
        if (wasConnected) {
            markDisconnected(reason);
        }
        client.socketDeactivated();
    }

    private void deactivate() {
        active = false;
        activeMirror = false;
        connectAttempt++;
    }

    boolean isActive() {
        return active;
    }

    /** The client is closing: leave, then fail everything that is still pending. Loop. */
    void closeClient() {
        if (closed) {
            return;
        }
        if (active || connected) {
            leave(DisconnectReason.IO_CLIENT_DISCONNECT, true);
        }
        closed = true;
        ConnectionClosedException err = new ConnectionClosedException("the client is closed");
        for (PendingAck pa : acks.values()) {
            if (pa.timer != null) {
                pa.timer.cancel();
            }
            if (pa.entry == null) {
                fail(pa.request, err);
            }
        }
        acks.clear();
        for (EmitRequest req : sendBuffer) {
            fail(req, err);
        }
        sendBuffer.clear();
        for (RetryEntry e : retryQueue) {
            if (e.timer != null) {
                e.timer.cancel();
            }
            // not marked done in the persistent store: the next client with the same file sends it again
            fail(e.request, store == null || e.request.storeSeq < 0 ? err : new ConnectionClosedException(
                    "the client is closed; the packet stays in the persistent queue for the next client"));
        }
        retryQueue.clear();
        updateBuffered();
    }

    // ---- dispatcher side ------------------------------------------------------------------------------------

    private interface Call {
        void run() throws Exception;
    }

    private void invoke(Call call) {
        try {
            call.run();
        } catch (Throwable t) {
            reportError(t);
        }
    }

    private void connectError(Throwable err) {
        if (connectErrorListeners.isEmpty()) {
            log.info("{}: connect_error (no listener registered): {}", nsp, err.toString());
        }
        for (ErrorListener l : connectErrorListeners) {
            invoke(() -> l.onError(err));
        }
    }

    /** The client's connection could not be opened: active sockets see it as connect_error. Loop. */
    void onOpenFailed(Throwable err) {
        if (active && !connected) {
            client.dispatch(() -> connectError(err));
        }
    }

    private void reportError(Throwable t) {
        if (errorListeners.isEmpty()) {
            log.warn("{}: listener error (no error listener registered)", nsp, t);
            return;
        }
        for (ErrorListener l : errorListeners) {
            try {
                l.onError(t);
            } catch (Throwable t2) {
                log.warn("{}: error listener failed", nsp, t2);
            }
        }
    }

    @Override
    public String toString() {
        return "ClientSocket{" + nsp + ", id=" + idMirror + ", connected=" + connectedMirror + '}';
    }
}
