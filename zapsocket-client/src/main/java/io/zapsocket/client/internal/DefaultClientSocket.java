package io.zapsocket.client.internal;

import io.zapsocket.client.AckCallback;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.ConnectErrorException;
import io.zapsocket.client.DisconnectListener;
import io.zapsocket.client.Emitter;
import io.zapsocket.client.ErrorListener;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.AnyListener;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.ConnectRefusedException;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.ReconnectFailedException;
import io.zapsocket.protocol.TypedEventHandler;
import io.zapsocket.protocol.ZapSocketException;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.sio.SioEncoder;
import io.zapsocket.protocol.sio.SioPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The socket of one namespace: the coordinator of its connection state (CONNECT/auth, recovery pid and offset,
 * receive buffer) and of its parts: the {@link AckTable}, the {@link OfflineBuffer}, the at-least-once
 * {@link RetryQueue} and the {@link SocketListeners}. The protocol state is confined to the client's event loop;
 * public methods hop there. Listeners are registered from any thread and run on the dispatcher.
 */
final class DefaultClientSocket implements ClientSocket {
    private static final Logger log = LoggerFactory.getLogger(DefaultClientSocket.class);

    private final DefaultSocketClient client;
    private final String nsp;
    private final ClientOptions options;
    private final Supplier<?> auth;
    private final SocketListeners listeners;

    // ---- mirrors readable from any thread ----------------------------------------------------------------------
    private volatile String idMirror;
    private volatile boolean connectedMirror;
    private volatile boolean activeMirror;
    private volatile boolean recoveredMirror;

    // ---- loop state ----------------------------------------------------------------------------------------------
    private boolean active;
    private boolean connected;
    /** Incremented on every CONNECT sent, so a late async auth doesn't send a stale CONNECT. */
    private int connectAttempt;
    private String pid;
    private String lastOffset;
    private final Outbox outbox;
    private final ArrayDeque<SioPacket> receiveBuffer = new ArrayDeque<>();
    private boolean closed;

    DefaultClientSocket(DefaultSocketClient client, String nsp, ClientOptions options, FileQueueStore store,
                        Supplier<?> auth) {
        this.client = client;
        this.nsp = nsp;
        this.options = options;
        this.auth = auth;
        this.listeners = new SocketListeners(nsp, client.dispatcher());
        this.outbox = new Outbox(client, nsp, options, store, listeners);
    }

    /** The auth supplier of this socket (its own or the options'), may be null. */
    Supplier<?> auth() {
        return auth;
    }

    ClientOptions options() {
        return options;
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
        return outbox.bufferedCount();
    }

    @Override
    public ClientSocket connect() {
        if (!client.isClosing()) {
            activeMirror = true; // seen by the caller at once; the loop confirms it
        }
        client.runOnLoop(this::connectOnLoop, null);
        return this;
    }

    @Override
    public ClientSocket disconnect() {
        activeMirror = false; // seen by the caller at once; the loop confirms it
        connectedMirror = false;
        idMirror = null;
        client.runOnLoop(() -> leave(DisconnectReason.IO_CLIENT_DISCONNECT, true), null);
        return this;
    }

    // ---- API: listeners ----------------------------------------------------------------------------------------

    @Override
    public ClientSocket on(String event, EventHandler listener) {
        listeners.on(event, listener);
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

    @Override
    public ClientSocket off(String event, EventHandler listener) {
        listeners.off(event, listener);
        return this;
    }

    @Override
    public ClientSocket off(String event) {
        listeners.off(event);
        return this;
    }

    @Override
    public ClientSocket onAny(AnyListener listener) {
        listeners.any.add(listener);
        return this;
    }

    @Override
    public ClientSocket offAny(AnyListener listener) {
        listeners.any.remove(listener);
        return this;
    }

    @Override
    public ClientSocket onAnyOutgoing(AnyListener listener) {
        listeners.anyOutgoing.add(listener);
        return this;
    }

    @Override
    public ClientSocket offAnyOutgoing(AnyListener listener) {
        listeners.anyOutgoing.remove(listener);
        return this;
    }

    @Override
    public ClientSocket onConnect(Runnable listener) {
        listeners.connect.add(listener);
        return this;
    }

    @Override
    public ClientSocket onDisconnect(DisconnectListener listener) {
        listeners.disconnect.add(listener);
        return this;
    }

    @Override
    public ClientSocket onConnectError(ErrorListener listener) {
        listeners.connectError.add(listener);
        return this;
    }

    @Override
    public ClientSocket onError(ErrorListener listener) {
        listeners.error.add(listener);
        return this;
    }

    // ---- API: emit ----------------------------------------------------------------------------------------------

    private Emitter emitter() {
        return new SocketEmitter(this, false, SocketEmitter.OPTIONS_TIMEOUT, false);
    }

    @Override
    public CompletableFuture<Void> emit(String event, Object... args) {
        return emitter().emit(event, args);
    }

    @Override
    public void emit(String event, AckCallback callback, Object... args) {
        emitter().emit(event, callback, args);
    }

    @Override
    public CompletableFuture<Args> emitWithAck(String event, Object... args) {
        return emitter().emitWithAck(event, args);
    }

    @Override
    public Emitter timeout(Duration timeout) {
        return emitter().timeout(timeout);
    }

    @Override
    public Emitter timeoutAfterWrite(Duration timeout) {
        return emitter().timeoutAfterWrite(timeout);
    }

    @Override
    public Emitter asVolatile() {
        return new SocketEmitter(this, true, SocketEmitter.OPTIONS_TIMEOUT, false);
    }

    /** A new future for the caller of an emit. */
    <T> CompletableFuture<T> newFuture() {
        return client.newFuture();
    }

    /** Takes a prepared emit (any thread). */
    void submit(EmitRequest req) {
        outbox.submit(req);
    }

    /** Adds packets restored from the persistent store to the front of the retry queue. Loop. */
    void restore(List<FileQueueStore.Stored> stored) {
        outbox.restore(stored);
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
        refused(err, new ConnectRefusedException("the auth supplier of " + nsp + " failed: " + e, err));
    }

    /** The namespace will not connect (refused or no auth): inactive, buffered emits fail with {@code why}. */
    private void refused(Throwable err, ConnectRefusedException why) {
        deactivate();
        listeners.fireConnectError(err);
        outbox.giveUp(why);
        client.socketDeactivated();
    }

    private void sendConnect(Object auth) {
        Map<String, Object> data;
        try {
            data = ConnectPayload.of(pid, lastOffset, auth);
        } catch (IllegalArgumentException e) {
            authFailed(e);
            return;
        }
        client.sendPackets(control(SioPacket.connect(nsp, data)).packets(-1));
    }

    /** A CONNECT / ACK / DISCONNECT as a request, in this client's parser; throws IAE for bad ack arguments. */
    private EmitRequest control(SioPacket packet) {
        EmitRequest req = new EmitRequest(nsp, "", List.of(), SioEncoder.INSTANCE.encode(packet), false, -1, null,
                null, null);
        return options.parser() == Parser.MSGPACK ? req.msgpack(packet) : req;
    }

    /** Sends our answer to the server's ack request {@code id}, if still connected. Any thread. */
    void sendAck(long id, List<Object> args) {
        EmitRequest req = control(SioPacket.ack(nsp, id, args));
        client.runOnLoop(() -> {
            if (connected) {
                client.sendPackets(req.packets(-1));
            }
        }, null);
    }

    /** A decoded packet for this namespace. Loop. */
    void onPacket(SioPacket p) {
        switch (p.type()) {
            case CONNECT -> onConnectReply(p);
            case CONNECT_ERROR -> onConnectError(p);
            case EVENT, BINARY_EVENT -> onEvent(p);
            case ACK, BINARY_ACK -> outbox.onAck(p);
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
            listeners.fireConnectError(new ProtocolException("invalid CONNECT reply for " + nsp
                    + " (is the server Socket.IO v3+?): " + Json.stringify(p.data())));
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
        listeners.fireConnect();
        // events that arrived before the CONNECT reply (recovered packets), after the connect listeners
        while (!receiveBuffer.isEmpty()) {
            dispatchEvent(receiveBuffer.poll());
        }
        outbox.onConnected();
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
        refused(err, new ConnectRefusedException("the server refused the namespace " + nsp + ": " + message, err));
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
                listeners.fireError(new ZapSocketException("receive buffer of " + nsp + " full ("
                        + options.receiveBufferSize() + "): dropped event '" + dropped.eventName() + "'"));
            }
            receiveBuffer.add(p);
        }
    }

    private void dispatchEvent(SioPacket p) {
        List<Object> data = p.args();
        List<Object> argList = new ArrayList<>(data.subList(1, data.size()));
        if (pid != null && !argList.isEmpty() && argList.get(argList.size() - 1) instanceof String offset) {
            lastOffset = offset;
        }
        listeners.fireEvent(p.eventName(), Args.of(argList), p.hasId() ? new ServerAck(this, p.id()) : ServerAck.NONE);
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
        outbox.onDisconnected(reason);
        listeners.fireDisconnect(reason);
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

    /** The client gave up connecting (reconnect_failed, or reconnection off): inactive, buffered emits fail. Loop. */
    void onGaveUp(ReconnectFailedException why) {
        if (active && !connected) {
            deactivate();
            outbox.giveUp(why);
        }
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
        outbox.close();
    }

    /**
     * The client's connection could not be opened: active sockets see it as connect_error; with {@code gaveUp}
     * (no reconnection will follow) they also become inactive and fail their buffered emits. Loop.
     */
    void onOpenFailed(Throwable err, ReconnectFailedException gaveUp) {
        if (active && !connected) {
            if (gaveUp != null) {
                deactivate();
            }
            listeners.fireConnectError(err);
            if (gaveUp != null) {
                outbox.giveUp(gaveUp);
            }
        }
    }

    @Override
    public String toString() {
        return "ClientSocket{" + nsp + ", id=" + idMirror + ", connected=" + connectedMirror + '}';
    }
}
