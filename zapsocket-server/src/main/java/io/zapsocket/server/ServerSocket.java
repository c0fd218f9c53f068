package io.zapsocket.server;

import io.zapsocket.protocol.AnyListener;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.TypedEventHandler;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;

/**
 * A client's membership of one namespace (Node's {@code Socket}). A client connection multiplexes one socket per
 * namespace it joined.
 *
 * <p>Thread-safety: every method may be called from any thread. Handlers registered on the socket run one at a
 * time, in arrival order, on the socket's event loop or on the server's handler executor.
 *
 * <p>Lifecycle: connected when the connection listeners run; {@code disconnecting} listeners fire while the socket
 * is still in its rooms, then {@code disconnect} listeners, each exactly once. After that, emits return
 * {@code false} and pending acknowledgements fail with {@link io.zapsocket.protocol.ConnectionClosedException}.
 *
 * @since 0.1
 */
public interface ServerSocket extends Emitter {

    /** The socket id (not the Engine.IO session id); also a room the socket is always in. */
    String id();

    Namespace namespace();

    Handshake handshake();

    /** Free-form, thread-safe per-socket data (serialisable values: it is shipped by {@code fetchSockets}). */
    ConcurrentMap<String, Object> data();

    /** The rooms the socket is in (a snapshot). */
    Set<String> rooms();

    boolean connected();

    /** Whether this socket's state was recovered after a temporary disconnection. */
    boolean recovered();

    /** The current transport of the underlying connection. */
    Transport transport();

    /** The Engine.IO session id of the underlying connection. */
    String connectionId();

    void join(String... rooms);

    void leave(String room);

    /** Registers an event handler. Reserved names ({@code connect}, {@code disconnect}, ...) are refused. */
    ServerSocket on(String event, EventHandler handler);

    /** Registers a handler whose first argument is bound to {@code type}. */
    <T> ServerSocket on(String event, Class<T> type, TypedEventHandler<T> handler);

    /** Removes a handler registered with {@link #on(String, EventHandler)}. */
    ServerSocket off(String event, EventHandler handler);

    /** Called for every incoming event, before the event's own handlers. */
    ServerSocket onAny(AnyListener listener);

    /** Called for every outgoing event of this socket (direct emits and broadcasts reaching it). */
    ServerSocket onAnyOutgoing(AnyListener listener);

    /** Adds a packet middleware for incoming events. */
    ServerSocket use(PacketMiddleware middleware);

    ServerSocket onDisconnecting(DisconnectListener listener);

    ServerSocket onDisconnect(DisconnectListener listener);

    /** Receives errors of this socket's handlers and packet middlewares. */
    ServerSocket onError(ErrorListener listener);

    /** Sends the {@code message} event ({@code socket.send} in Socket.IO). */
    default boolean send(Object... args) {
        return emit("message", args);
    }

    /** Targets every socket in the namespace except this one. */
    BroadcastOperator broadcast();

    /** Targets sockets in rooms, except this one. */
    BroadcastOperator to(String... rooms);

    /** Targets every socket in the namespace except this one and those in the given rooms. */
    BroadcastOperator except(String... rooms);

    @Override
    Emitter timeout(Duration timeout);

    /**
     * Disconnects the socket ({@code server namespace disconnect}); with {@code close}, closes the whole
     * underlying connection (every namespace).
     */
    void disconnect(boolean close);

    /** Completes when the socket is disconnected. */
    CompletableFuture<DisconnectReason> closeFuture();
}
