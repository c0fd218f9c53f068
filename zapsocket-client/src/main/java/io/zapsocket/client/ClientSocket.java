package io.zapsocket.client;

import io.zapsocket.protocol.AnyListener;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.protocol.TypedEventHandler;

/**
 * The client's membership of one namespace, multiplexed with the other namespaces of its {@link SocketClient} over
 * one Engine.IO connection. Obtained with {@link SocketClient#socket(String)}; not connected until
 * {@link #connect()}.
 *
 * <p>Lifecycle: {@link #connect()} makes the socket <em>active</em>: it (re)connects whenever the client's
 * connection opens, sending the options' {@code auth} (a supplier is evaluated on every attempt) and, when the
 * server enabled connection state recovery, its last {@code pid} and offset. Each successful connection fires the
 * connect listeners, then delivers the events received while connecting (recovered ones), then flushes the offline
 * buffer in order. A disconnection fires the disconnect listeners once, with the reason; pending acknowledgements
 * fail with {@link io.zapsocket.protocol.ConnectionClosedException} except the at-least-once packets of
 * {@code retries}, which are resent after the reconnection. {@link DisconnectReason#IO_SERVER_DISCONNECT}, a
 * {@link ConnectErrorException}, a failing auth supplier, {@code reconnect_failed} (or a failed or lost connection
 * with reconnection off) and {@link #disconnect()} make the socket inactive: it stays disconnected until
 * {@link #connect()} is called again. When it becomes inactive because it cannot connect, its buffered emits fail
 * ({@link io.zapsocket.protocol.ConnectRefusedException}, {@link io.zapsocket.protocol.ReconnectFailedException});
 * emits made on an inactive socket wait in the buffer until {@link #connect()} or {@code close()}.
 *
 * <p>Thread-safety: every method may be called from any thread. Listeners run one at a time, in the order of the
 * events, on the client's event thread or listener executor, never on the I/O thread. Listener registration is
 * immediate; events already dispatched are not replayed.
 *
 * @since 0.1
 */
public interface ClientSocket extends Emitter {

    /** The namespace, e.g. {@code "/"} or {@code "/admin"}. */
    String namespace();

    /** The client that owns the connection. */
    SocketClient client();

    /** The socket id given by the server while connected, else {@code null}. */
    String id();

    /**
     * Whether the namespace is connected now: set when the event loop has handled the server's CONNECT reply (wait
     * with {@link #onConnect}); {@code false} at once after {@link #disconnect()}.
     */
    boolean connected();

    /**
     * Whether the socket wants to be connected ({@link #connect()} called and no terminal disconnection since).
     * Reflects this thread's own {@link #connect()} / {@link #disconnect()} at once.
     */
    boolean active();

    /**
     * Whether the last connection recovered the previous session (the server had connection state recovery on,
     * knew our {@code pid} and sent the missed packets).
     */
    boolean recovered();

    /**
     * Emits accepted and not yet written: in the offline send buffer (plus the retry queue with {@code retries}),
     * or still on their way to the I/O thread. Counts this thread's own emits at once (right after an offline
     * {@code emit}, it includes it).
     */
    int bufferedCount();

    /**
     * Connects the namespace, opening the client's connection if needed. No-op if already active.
     *
     * @return this
     */
    ClientSocket connect();

    /**
     * Leaves the namespace: sends a DISCONNECT if connected, fires the disconnect listeners with
     * {@link DisconnectReason#IO_CLIENT_DISCONNECT} and fails pending acknowledgements. The client's connection
     * closes when no active socket remains. No-op if not active.
     *
     * @return this
     */
    ClientSocket disconnect();

    /** Adds a listener of {@code event}. @throws IllegalArgumentException for a reserved event name */
    ClientSocket on(String event, EventHandler listener);

    /**
     * Adds a listener of {@code event} whose first argument is bound to {@code type}.
     *
     * @throws IllegalArgumentException for a reserved event name
     */
    <T> ClientSocket on(String event, Class<T> type, TypedEventHandler<T> listener);

    /** Removes a listener added with {@link #on(String, EventHandler)}. */
    ClientSocket off(String event, EventHandler listener);

    /** Removes every listener of {@code event}. */
    ClientSocket off(String event);

    /** Adds a listener called for every incoming event, before the event's own listeners. */
    ClientSocket onAny(AnyListener listener);

    /** Removes a listener added with {@link #onAny}. */
    ClientSocket offAny(AnyListener listener);

    /** Adds a listener called for every outgoing event when it is written to the connection. */
    ClientSocket onAnyOutgoing(AnyListener listener);

    /** Removes a listener added with {@link #onAnyOutgoing}. */
    ClientSocket offAnyOutgoing(AnyListener listener);

    /** Called on every successful connection of the namespace ({@code connect}). */
    ClientSocket onConnect(Runnable listener);

    /** Called on every disconnection ({@code disconnect}). */
    ClientSocket onDisconnect(DisconnectListener listener);

    /**
     * Called when a connection attempt fails ({@code connect_error}): {@link ConnectErrorException} when the
     * server refused the namespace, {@link TransportException} or
     * {@link io.zapsocket.protocol.ProtocolException} when the connection failed (the client retries by itself).
     */
    ClientSocket onConnectError(ErrorListener listener);

    /** Receives exceptions thrown by this socket's listeners (logged when there is none). */
    ClientSocket onError(ErrorListener listener);
}
