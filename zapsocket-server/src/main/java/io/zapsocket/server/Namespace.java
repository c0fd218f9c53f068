package io.zapsocket.server;

import io.zapsocket.protocol.EventHandler;
import io.zapsocket.server.adapter.Adapter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A namespace ({@code /}, {@code /admin}, ...): a communication channel multiplexed over client connections,
 * with its own middlewares, handlers, rooms and adapter. As a {@link BroadcastOperator} it targets all of its
 * sockets. Thread-safe.
 *
 * @since 0.1
 */
public interface Namespace extends BroadcastOperator {

    /** The name, e.g. {@code /admin}. */
    String name();

    /** Adds a connection listener. */
    Namespace onConnection(ConnectionListener listener);

    /** Adds a connection middleware. */
    Namespace use(Middleware middleware);

    /** The sockets connected to this namespace on this node, by id (a snapshot). */
    Map<String, ServerSocket> sockets();

    /**
     * Sends an event to the other nodes of the cluster (not to clients): their {@link #onServerSideEmit} handlers
     * for {@code event} receive it. Without a cluster adapter there is no other node and nothing is sent. Reserved
     * event names throw {@link IllegalArgumentException}.
     *
     * @since 0.2
     */
    void serverSideEmit(String event, Object... args);

    /**
     * Like {@link #serverSideEmit} and collects one answer per other node (the first argument each node's handler
     * passed to its {@link io.zapsocket.protocol.Ack}). Fails with {@link ServerSideEmitTimeoutException} (carrying the
     * answers received so far) when a node has not answered within the adapter's request timeout (5 s by default).
     *
     * @since 0.2
     */
    CompletableFuture<List<Object>> serverSideEmitWithAck(String event, Object... args);

    /**
     * Handles events that other nodes sent with {@code serverSideEmit}. The handler runs on the adapter's thread:
     * keep it short and non-blocking. {@code ack.requested()} tells whether the sender waits for an answer; only the
     * first argument of the first {@code ack.send} is sent back.
     *
     * @since 0.2
     */
    Namespace onServerSideEmit(String event, EventHandler handler);

    /** The adapter holding this namespace's rooms. */
    Adapter adapter();

    /** The server. */
    SocketServer server();

    /**
     * For a parent namespace (created with a pattern or predicate): called for each child namespace created on
     * demand. For a plain namespace, never called.
     */
    Namespace onChild(Consumer<Namespace> listener);

    /**
     * Adds a listener of this namespace's room events on this node (create, delete, join, leave), as Socket.IO's
     * {@code nsp.adapter.on("join-room", ...)}. Called on the thread that changed membership; must be fast and must
     * not throw.
     *
     * @since 0.1.0
     */
    Namespace addRoomListener(io.zapsocket.server.adapter.RoomListener listener);
}
