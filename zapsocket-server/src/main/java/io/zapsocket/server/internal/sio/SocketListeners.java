package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.AnyListener;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.server.DisconnectListener;
import io.zapsocket.server.ErrorListener;
import io.zapsocket.server.PacketMiddleware;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything user code registered on one socket, as one immutable value. A socket holds it in a volatile field
 * and replaces it with a compare-and-set on each registration (copy on write, without locks), so registering from
 * any thread is safe and readers iterate a snapshot, as with {@code CopyOnWriteArrayList}.
 *
 * <p>Why not one {@code CopyOnWriteArrayList} per kind: a socket that registers nothing but its event handlers
 * would still carry six empty lists, each with its own lock object and array (about 56 bytes each), plus a
 * {@code ConcurrentHashMap} of lists for the handlers. Here a socket without listeners shares {@link #EMPTY}, the
 * lists are immutable {@code List.of} lists, and the event handlers are one flat array
 * {@code [event, handlers, event, handlers, ...]} where {@code handlers} is the {@link EventHandler} itself when
 * there is one (the usual case) or an {@code EventHandler[]} in registration order: four events with one handler
 * each take 48 bytes, where a map of lists took over 500. Lookups scan the array (a socket registers a handful of
 * events, a few dozen at most; the scan compares lengths first). Registration is rare (typically a few times per
 * socket, at connect), so copying on each one is cheap.
 *
 * @param handlers event handler table, never modified once published (see above)
 */
record SocketListeners(Object[] handlers, List<AnyListener> any,
                       List<AnyListener> anyOutgoing, List<PacketMiddleware> packetMiddlewares,
                       List<DisconnectListener> disconnecting, List<DisconnectListener> disconnect,
                       List<ErrorListener> errors) {

    private static final EventHandler[] NO_HANDLERS = new EventHandler[0];

    /** Nothing registered (shared by every socket until its first registration). */
    static final SocketListeners EMPTY = new SocketListeners(new Object[0], List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of());

    /** The handlers of {@code event}, in registration order (empty if none). */
    EventHandler[] handlers(String event) {
        int i = indexOf(event);
        if (i < 0) {
            return NO_HANDLERS;
        }
        Object h = handlers[i + 1];
        return h instanceof EventHandler one ? new EventHandler[]{one} : (EventHandler[]) h;
    }

    /**
     * The handlers of {@code event} as stored: {@code null} if none, the {@link EventHandler} if there is one, else
     * an {@code EventHandler[]} in registration order (not to be modified). Allocates nothing.
     */
    Object handlersOf(String event) {
        int i = indexOf(event);
        return i < 0 ? null : handlers[i + 1];
    }

    SocketListeners withHandler(String event, EventHandler handler) {
        int i = indexOf(event);
        Object[] table;
        if (i < 0) {
            table = Arrays.copyOf(handlers, handlers.length + 2);
            table[handlers.length] = event;
            table[handlers.length + 1] = handler;
        } else {
            EventHandler[] list = handlers(event);
            EventHandler[] more = Arrays.copyOf(list, list.length + 1);
            more[list.length] = handler;
            table = handlers.clone();
            table[i + 1] = more;
        }
        return new SocketListeners(table, any, anyOutgoing, packetMiddlewares, disconnecting, disconnect, errors);
    }

    /** Removes the first registration of {@code handler} for {@code event} (as {@code List.remove}). */
    SocketListeners withoutHandler(String event, EventHandler handler) {
        int i = indexOf(event);
        if (i < 0) {
            return this;
        }
        List<EventHandler> rest = new ArrayList<>(Arrays.asList(handlers(event)));
        if (!rest.remove(handler)) {
            return this;
        }
        Object[] table;
        if (rest.isEmpty()) {
            table = new Object[handlers.length - 2];
            System.arraycopy(handlers, 0, table, 0, i);
            System.arraycopy(handlers, i + 2, table, i, handlers.length - i - 2);
        } else {
            table = handlers.clone();
            table[i + 1] = rest.size() == 1 ? rest.get(0) : rest.toArray(new EventHandler[0]);
        }
        return new SocketListeners(table, any, anyOutgoing, packetMiddlewares, disconnecting, disconnect, errors);
    }

    private int indexOf(String event) {
        for (int i = 0; i < handlers.length; i += 2) {
            if (event.equals(handlers[i])) {
                return i;
            }
        }
        return -1;
    }

    SocketListeners withAny(AnyListener l) {
        return new SocketListeners(handlers, plus(any, l), anyOutgoing, packetMiddlewares, disconnecting, disconnect,
                errors);
    }

    SocketListeners withAnyOutgoing(AnyListener l) {
        return new SocketListeners(handlers, any, plus(anyOutgoing, l), packetMiddlewares, disconnecting, disconnect,
                errors);
    }

    SocketListeners withPacketMiddleware(PacketMiddleware m) {
        return new SocketListeners(handlers, any, anyOutgoing, plus(packetMiddlewares, m), disconnecting, disconnect,
                errors);
    }

    SocketListeners withDisconnecting(DisconnectListener l) {
        return new SocketListeners(handlers, any, anyOutgoing, packetMiddlewares, plus(disconnecting, l), disconnect,
                errors);
    }

    SocketListeners withDisconnect(DisconnectListener l) {
        return new SocketListeners(handlers, any, anyOutgoing, packetMiddlewares, disconnecting, plus(disconnect, l),
                errors);
    }

    SocketListeners withError(ErrorListener l) {
        return new SocketListeners(handlers, any, anyOutgoing, packetMiddlewares, disconnecting, disconnect,
                plus(errors, l));
    }

    /** {@code list} plus {@code x} at the end, as an immutable list ({@code List.copyOf} rejects nulls). */
    private static <T> List<T> plus(List<T> list, T x) {
        List<T> l = new ArrayList<>(list.size() + 1);
        l.addAll(list);
        l.add(x);
        return List.copyOf(l);
    }
}
