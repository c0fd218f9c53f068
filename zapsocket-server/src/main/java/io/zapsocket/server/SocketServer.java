package io.zapsocket.server;

import io.zapsocket.server.internal.sio.DefaultSocketServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A Socket.IO server: Engine.IO v4 transports (polling, WebSocket, upgrade) and Socket.IO v5 namespaces, rooms,
 * acknowledgements and broadcasts, compatible with the official clients.
 *
 * <pre>{@code
 * SocketServer server = SocketServer.create(ServerOptions.builder().build());
 * server.onConnection(socket -> {
 *     socket.on("chat", (args, ack) -> {
 *         socket.broadcast().emit("chat", args.get(0));
 *         ack.send("ok");
 *     });
 * });
 * server.listen(3000).join();
 * }</pre>
 *
 * <p>As a {@link Namespace}, the server itself is the main namespace {@code /}. Thread-safe.
 *
 * @since 0.1
 */
public interface SocketServer extends Namespace {

    /**
     * The event {@link #close(Duration)} sends each connected socket right before it closes the connection, with
     * {@code {"reason":"server draining","reconnect":"immediate"}}: reconnect now, without backoff (a load balancer
     * sends the new connection to another node). Zap-Socket's Java client does so by itself; a socket.io-client
     * application can listen for it (see the README, "Shutdown").
     *
     * @since 0.3
     */
    String DRAIN_EVENT = "zap:drain";


    /** Creates a server with the given options (not yet listening). */
    static SocketServer create(ServerOptions options) {
        return new DefaultSocketServer(options);
    }

    /** Creates a server with {@link ServerOptions#DEFAULT}. */
    static SocketServer create() {
        return create(ServerOptions.DEFAULT);
    }

    ServerOptions options();

    /** The namespace with this name, created if needed. */
    Namespace of(String name);

    /**
     * A parent namespace: any requested name matching the pattern gets a child namespace on demand, which
     * inherits the parent's middlewares and connection listeners; broadcasting on the parent reaches every child.
     */
    Namespace of(Pattern pattern);

    /** A parent namespace whose children are allowed by a predicate. */
    Namespace of(NamespaceMatcher matcher);

    /** Called whenever a namespace is created (including dynamic children). */
    SocketServer onNewNamespace(Consumer<Namespace> listener);

    /** Receives exceptions thrown by any handler of any socket. */
    SocketServer onError(ErrorListener listener);

    /** Starts listening on all interfaces. Port 0 picks a free port. */
    CompletableFuture<InetSocketAddress> listen(int port);

    /** Starts listening on {@code host:port}. Port 0 picks a free port. */
    CompletableFuture<InetSocketAddress> listen(String host, int port);

    /** The bound address, or {@code null} when not listening. */
    InetSocketAddress address();

    ServerStats stats();

    /**
     * Adds an observer of the server's events (metrics: see {@link ServerObserver}). Without any, the server
     * does not call or allocate anything for them.
     *
     * @return removes the observer again (idempotent)
     * @since 0.3
     */
    Runnable addObserver(ServerObserver observer);

    /**
     * Disconnects every socket with {@code server shutting down}, closes every connection and stops listening.
     * Idempotent.
     */
    CompletableFuture<Void> close();

    /**
     * Drains, then closes: stops accepting connections at once (a load balancer sends new clients to the other
     * nodes; a handshake on a connection already open is answered 503 {@code {"code":8,"message":"Server
     * draining"}}), waits until no handler is queued or running (handlers on an executor; at most half of
     * {@code timeout}), then disconnects every socket with {@code server shutting down} — with connection state
     * recovery their sessions are kept, so clients that reconnect through the load balancer recover on another
     * node — and closes every connection after what is queued for it was written (at most the rest of
     * {@code timeout}). The official clients reconnect by themselves ({@code transport close}). Idempotent.
     *
     * @param timeout the whole drain's bound; {@link Duration#ZERO} is {@link #close()}
     * @since 0.1.0
     */
    CompletableFuture<Void> close(Duration timeout);
}
