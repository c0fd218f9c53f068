package io.zapsocket.client.internal;

import io.zapsocket.client.DisconnectListener;
import io.zapsocket.client.ErrorListener;
import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.AnyListener;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.protocol.sio.ReservedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The listeners of one namespace socket: per event, any (incoming and outgoing), connect, disconnect,
 * connect_error and error. Registered from any thread; every call runs as its own task on the client's
 * {@link ListenerDispatcher}, and an exception thrown by a listener goes to the error listeners (logged when there
 * is none). Thread-safe.
 */
final class SocketListeners {
    private static final Logger log = LoggerFactory.getLogger(SocketListeners.class);

    private final String nsp;
    private final ListenerDispatcher dispatcher;
    private final Map<String, CopyOnWriteArrayList<EventHandler>> events = new ConcurrentHashMap<>();
    final ListenerList<AnyListener> any = new ListenerList<>();
    final ListenerList<AnyListener> anyOutgoing = new ListenerList<>();
    final ListenerList<Runnable> connect = new ListenerList<>();
    final ListenerList<DisconnectListener> disconnect = new ListenerList<>();
    final ListenerList<ErrorListener> connectError = new ListenerList<>();
    final ListenerList<ErrorListener> error = new ListenerList<>();

    SocketListeners(String nsp, ListenerDispatcher dispatcher) {
        this.nsp = nsp;
        this.dispatcher = dispatcher;
    }

    /** @throws IllegalArgumentException for a reserved event name */
    void on(String event, EventHandler listener) {
        Objects.requireNonNull(event, "event");
        if (ReservedEvents.isReserved(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name: use onConnect, "
                    + "onDisconnect or onConnectError");
        }
        Objects.requireNonNull(listener, "listener");
        events.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    void off(String event, EventHandler listener) {
        List<EventHandler> l = events.get(event);
        if (l != null) {
            l.remove(listener);
        }
    }

    void off(String event) {
        events.remove(event);
    }

    // ---- firing (any thread; the calls run on the dispatcher) ------------------------------------------------

    void fireEvent(String event, Args args, Ack ack) {
        any.fire(dispatcher, l -> l.onAny(event, args), this::reportError);
        List<EventHandler> ls = events.get(event);
        if (ls != null) {
            for (EventHandler l : ls) {
                dispatcher.execute(() -> invoke(() -> l.handle(args, ack)));
            }
        }
    }

    void fireOutgoing(String event, Args args) {
        anyOutgoing.fire(dispatcher, l -> l.onAny(event, args), this::reportError);
    }

    void fireConnect() {
        connect.fire(dispatcher, Runnable::run, this::reportError);
    }

    void fireDisconnect(DisconnectReason reason) {
        disconnect.fire(dispatcher, l -> l.onDisconnect(reason), this::reportError);
    }

    /** Fires connect_error (logged at info when no listener is registered). */
    void fireConnectError(Throwable err) {
        dispatcher.execute(() -> {
            if (connectError.isEmpty()) {
                log.info("{}: connect_error (no listener registered): {}", nsp, err.toString());
            }
            connectError.callHere(l -> l.onError(err), this::reportError);
        });
    }

    /** Fires error (already on the dispatcher). */
    void fireError(Throwable err) {
        dispatcher.execute(() -> reportError(err));
    }

    /** Runs a user callback here, reporting what it throws. */
    void invoke(UserCall call) {
        try {
            call.run();
        } catch (Throwable t) {
            reportError(t);
        }
    }

    /** User code, which may throw. */
    @FunctionalInterface
    interface UserCall {
        void run() throws Exception;
    }

    /** Gives {@code t} to the error listeners, here (on the dispatcher). */
    void reportError(Throwable t) {
        if (error.isEmpty()) {
            log.warn("{}: listener error (no error listener registered)", nsp, t);
            return;
        }
        error.callHere(l -> l.onError(t), t2 -> log.warn("{}: error listener failed", nsp, t2));
    }
}
