package io.zapsocket.client;

import io.zapsocket.client.internal.DefaultSocketClient;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.Transport;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A Socket.IO client for one server URL and path: it owns one Engine.IO connection (polling, WebSocket or an
 * upgrade from one to the other), its heartbeat watchdog and its reconnection with backoff, and multiplexes the
 * namespace sockets ({@link #socket(String)}) over it (the JavaScript client's {@code Manager}).
 *
 * <pre>{@code
 * try (SocketClient client = SocketClient.create("http://localhost:3000", ClientOptions.builder()
 *         .auth(() -> Map.of("token", tokens.fresh()))   // evaluated on every (re)connect
 *         .ackTimeout(Duration.ofSeconds(5))
 *         .retries(3)                                    // at-least-once, in order
 *         .build())) {
 *     ClientSocket socket = client.socket("/");
 *     socket.on("chat", (args, ack) -> System.out.println(args.getString(0)));
 *     socket.onConnect(() -> System.out.println("connected as " + socket.id()));
 *     socket.connect();
 *     Args reply = socket.emitWithAck("hello", "world").get(10, TimeUnit.SECONDS); // wait before close()
 *     System.out.println(reply);
 * }
 * }</pre>
 *
 * <p>Threading: all connection state lives on one Netty event loop (the client's own, or one of a shared
 * {@link ClientResources}); listeners and future completions run one at a time, in event order, on one client event
 * thread (daemon) or on the {@link ClientOptions#listenerExecutor() listener executor}, so a slow listener never
 * blocks the I/O. Every method may be called from any thread. Blocking on a client future on that event thread
 * throws {@link io.zapsocket.protocol.BlockingOperationException} (it would never return). {@link #close()}
 * releases every socket and thread the client created and returns once the threads have ended; all of them are
 * daemon threads anyway.
 *
 * @since 0.1
 */
public interface SocketClient extends AutoCloseable {

    /**
     * The event a draining Zap-Socket server ({@code SocketServer.close(Duration)}) sends each socket right before
     * it closes the connection, with {@code {"reason":"server draining","reconnect":"immediate"}}: the client then
     * reconnects at once, without its {@code reconnectionDelay} (behind a load balancer, to another node). The
     * event is also delivered to the socket's listeners.
     *
     * @since 0.3
     */
    String DRAIN_EVENT = "zap:drain";


    /**
     * A client for {@code url} ({@code http}, {@code https}, {@code ws} or {@code wss}, host and port; the query
     * string is added to the options' query; the path must be empty or {@code /}: the Engine.IO path is the
     * {@code path} option and namespaces are given to {@link #socket(String)}), with its own single I/O thread.
     *
     * @throws IllegalArgumentException if the URL is not usable
     */
    static SocketClient create(String url, ClientOptions options) {
        return new DefaultSocketClient(URI.create(url), options, null);
    }

    /** Like {@link #create(String, ClientOptions)} with {@link ClientOptions#DEFAULT}. */
    static SocketClient create(String url) {
        return create(url, ClientOptions.DEFAULT);
    }

    /**
     * A client whose connection runs on one event loop of the shared {@code resources} (which the caller shuts
     * down after closing its clients).
     *
     * @throws IllegalArgumentException if the URL is not usable
     * @throws IllegalStateException if {@code resources} is closed
     */
    static SocketClient create(String url, ClientOptions options, ClientResources resources) {
        if (resources.isClosed()) {
            throw new IllegalStateException("ClientResources is closed");
        }
        return new DefaultSocketClient(URI.create(url), options, resources.threads().next());
    }

    /** The options. */
    ClientOptions options();

    /**
     * The socket of {@code namespace} (created on first call, the same instance afterwards), not yet connected.
     *
     * @param namespace {@code "/"} or a name starting with {@code /} without {@code ,}; {@code ""} means {@code "/"}
     * @throws IllegalArgumentException for an invalid name
     * @throws IllegalStateException if the client is closed
     */
    ClientSocket socket(String namespace);

    /**
     * The socket of {@code namespace} with its own auth payload (instead of the options' {@code auth}), e.g. a
     * different token for {@code /admin}; evaluated on every (re)connect like the options' one.
     *
     * @param auth the auth supplier of this socket; it may return a map, a record/POJO, {@code null} or a
     *     {@link java.util.concurrent.CompletionStage} of one of those
     * @throws IllegalArgumentException for an invalid name
     * @throws IllegalStateException if the client is closed, or the socket already exists with another auth
     */
    ClientSocket socket(String namespace, Supplier<?> auth);

    /** Adds a listener of the connection's events. */
    SocketClient addListener(ClientListener listener);

    /** Removes a listener. */
    SocketClient removeListener(ClientListener listener);

    /** The transport in use while the connection is open, else {@code null}. */
    Transport transport();

    /** Whether the Engine.IO connection is open now; {@code false} at once after {@link #close()}. */
    boolean isOpen();

    /**
     * Disconnects every socket ({@link DisconnectReason#IO_CLIENT_DISCONNECT}), closes the connection, fails every
     * pending future with {@link io.zapsocket.protocol.ClientClosedException}, flushes the persistent queue
     * and releases the client's threads. Idempotent.
     *
     * @return completes when the sockets are released and the last listener ran; {@link #close()} also waits for
     *     the threads to end
     */
    CompletableFuture<Void> closeAsync();

    /**
     * {@link #closeAsync()}, waiting up to 10 s for it to complete and then until every thread the client started
     * has ended, so that none outlives the call (not waiting when called from one of the client's own threads,
     * which would deadlock).
     */
    @Override
    void close();
}
