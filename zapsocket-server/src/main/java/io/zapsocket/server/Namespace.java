package io.zapsocket.server;

import io.zapsocket.server.adapter.Adapter;
import java.util.Map;
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

    /** The adapter holding this namespace's rooms. */
    Adapter adapter();

    /** The server. */
    SocketServer server();

    /**
     * For a parent namespace (created with a pattern or predicate): called for each child namespace created on
     * demand. For a plain namespace, never called.
     */
    Namespace onChild(Consumer<Namespace> listener);
}
