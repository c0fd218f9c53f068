package io.zapsocket.examples.demo;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.zapsocket.micrometer.RedisAdapterMetrics;
import io.zapsocket.redis.RedisAdapterFactory;
import io.zapsocket.redis.RedisAdapterOptions;
import io.zapsocket.redis.RedisAdapters;
import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.RequestInfo;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.SseOptions;
import io.zapsocket.server.StaticContent;
import io.zapsocket.sync.PresenceEntry;
import io.zapsocket.sync.Sync;
import io.zapsocket.sync.SyncOptions;
import io.zapsocket.sync.SyncStores;
import io.zapsocket.sync.store.SyncStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The demo: a shared todo list and a chat room, served by Zap-Socket with its web page ({@code /}) and the
 * official browser client ({@code /socket.io/socket.io.min.js}).
 *
 * <p>Events (all acknowledged; see {@link TodoHandlers} and {@link ChatRoom} for the answers):
 * <ul>
 *   <li>handshake {@code auth: {name}}: the user's display name (1-24 characters), else {@code invalid name};</li>
 *   <li>{@code sync} → {@code {ok:true, todos, presence}}: the whole state at once (for scripts; the page follows
 *       the todo map and presence with {@code zap-sync.js} instead);</li>
 *   <li>the todo list is the sync module's compare-and-set map {@value MapTodoStore#MAP} ({@link MapTodoStore}):
 *       pages follow it with {@code MapView} ({@code map:subscribe}, then {@code map:change}) and change it with
 *       {@code todo:create {opId,id,text}}, {@code todo:update {opId,id,baseVersion,text?,completed?}},
 *       {@code todo:delete {opId,id}}, each with {@code {"zs:idem": opId}} (idempotent: {@link TodoHandlers});</li>
 *   <li>{@code chat:send {id,text}, {"zs:idem": id}} publishes into the stream room {@code chat} of the sync
 *       module (history on join, resume without gaps after a reconnection: {@link ChatRoom});</li>
 *   <li>{@code dm:send {to, text}}: a direct message into the user's inbox, delivered now or when they come back
 *       ({@link DirectMessages});</li>
 *   <li>presence and typing come from the sync module ({@code zapsocket-sync}, docs/sync.md): the server tracks
 *       each socket in the presence room {@value #ROOM} under the user's name (key) with meta {@code {name}}, so a
 *       user with two tabs is listed once; the page follows it with {@code PresenceView} of {@code /sync/zap-sync.js}
 *       ({@code presence:subscribe}, then {@code presence:diff}) and sends {@code typing:start/stop {room}}
 *       ({@code Typing}); the others get the volatile {@code typing {room, key, typing}}.</li>
 * </ul>
 * Connection state recovery is on: a page that was disconnected for less than two minutes gets its missed
 * events instead of re-syncing.
 *
 * <p><b>Chat feed.</b> {@code /feed.html} follows the chat read-only with the browser's native {@code EventSource}
 * (Server-Sent Events on {@code /zap/sse?room=chat}, no client library): the chat room is public, any other room is
 * refused (403). Each event carries its offset as {@code id:}, so a feed that lost its connection resumes with
 * {@code Last-Event-ID} (on any node in the clustered mode: the Streams adapter reads the missed entries from Redis).
 *
 * <p><b>Two modes.</b> {@link #start} keeps everything in this process. {@link #startClustered} makes this process
 * one node of a cluster sharing one Redis: the sync module's state (todo map, chat
 * stream, presence, inboxes, idempotency keys) lives in Redis, and the Socket.IO adapter is
 * {@link RedisAdapters#streams Redis Streams}, so that the server's own broadcasts (typing, the chat feed) reach the
 * pages of every node (the sync module's changes, todo map included, go through its store's channel; a page that
 * misses one sees a sequence jump and reloads that part). Streams rather than pub/sub: connection state recovery (a
 * short disconnection replays the missed events instead of reloading everything) works across nodes only with the
 * Streams adapter (a page whose node stopped recovers on another node behind the load balancer), and a node that
 * loses Redis for a moment reads on from where it was. Sharded pub/sub would only help with
 * many rooms on a Redis Cluster; the demo has one room.
 *
 * <p><b>Threads.</b> Handlers run on the sockets' event loops (no handler executor): the stores are asynchronous
 * (Lettuce's async API, Lua scripts), a handler returns at once and answers when Redis does, on Lettuce's I/O
 * thread ({@code Ack.send} and broadcasts are callable from any thread). No thread waits for Redis, so a slow
 * Redis costs no event loop and needs no pool to size; the in-memory stores complete before they return.
 *
 * <p>Run: {@code scripts/run-demo.sh [--port 3000] [--redis redis://host:port[/db]]}, then open
 * http://localhost:3000 in two windows.
 */
public final class DemoServer implements AutoCloseable {
    /** The class-path folder of the page (src/main/resources/...). */
    static final String WEB_ROOT = "io/zapsocket/examples/demo/web";
    /** What the clustered mode's Redis keys, channels and streams start with. */
    static final String REDIS_PREFIX = "zapsocket-demo";
    /** How long a clustered node waits at startup for Redis (connections, subscriptions). */
    static final Duration REDIS_STARTUP = Duration.ofSeconds(30);
    /** How soon a chat feed ({@code EventSource}) reconnects after losing its connection. */
    static final Duration FEED_RETRY = Duration.ofSeconds(1);
    /** How long chat messages are kept (and a page can resume from). */
    static final Duration CHAT_TTL = Duration.ofDays(1);
    /** The presence (and typing) room of the sync module. */
    static final String ROOM = "demo";
    /** Where the page loads the sync module's browser client from ({@code /sync/zap-sync.js}). */
    static final String SYNC_JS_ROOT = "io/zapsocket/sync/browser";

    private final SocketServer io;
    private final InetSocketAddress address;
    private final TodoStore todos;
    /** Closed after the server, in order. */
    private final List<AutoCloseable> resources;
    /** Meters beyond the server's (the Redis adapter's on a clustered node), for {@link #startMetrics}. */
    private List<MeterBinder> binders = List.of();
    private volatile DemoMetrics metrics;

    private DemoServer(SocketServer io, InetSocketAddress address, TodoStore todos, List<AutoCloseable> resources) {
        this.io = io;
        this.address = address;
        this.todos = todos;
        this.resources = resources;
    }

    /** Starts the demo on {@code host:port} (port 0: a free one), state in this process. */
    public static DemoServer start(String host, int port) {
        return start(host, port, SyncStores.inMemory(), b -> b);
    }

    /**
     * Like {@link #start(String, int)}, with the sync module's state (todo list, chat, presence, inboxes) in
     * {@code store} (closed with the server) and the demo's options adjusted (e.g. an allowed origin).
     */
    public static DemoServer start(String host, int port, SyncStore store,
            java.util.function.UnaryOperator<ServerOptions.Builder> customize) {
        SocketServer io = SocketServer.create(customize.apply(options()).build());
        Sync sync = Sync.attach(io, store, syncOptions());
        TodoStore todos = install(io, sync);
        return new DemoServer(io, listen(io, host, port), todos, List.of(closer(sync)));
    }

    /**
     * Starts one node of the clustered demo on {@code host:port}, with its state in Redis at {@code redisUri}
     * ({@code redis://host:port[/db]}); the other nodes use the same URI. Waits (at most {@link #REDIS_STARTUP})
     * until the node is connected to Redis and listens to the other nodes before it accepts connections.
     */
    public static DemoServer startClustered(String host, int port, String redisUri) {
        String shown = redacted(redisUri);
        // closed in this order, after the server: the sync module, the adapter (after the server, so that the
        // sessions persisted while it disconnects everyone reach Redis), the stores' connection
        List<AutoCloseable> resources = new ArrayList<>();
        SocketServer io = null;
        try {
            RedisAdapterFactory adapter = RedisAdapters.streams(RedisAdapterOptions.builder(redisUri)
                    .key(REDIS_PREFIX)
                    .streamName(REDIS_PREFIX)
                    .sessionKeyPrefix(REDIS_PREFIX + ":session:")
                    .build());
            resources.add(0, adapter);
            io = SocketServer.create(options().adapter(adapter).build());
            SyncOptions syncOptions = syncOptions().toBuilder().redisPrefix(REDIS_PREFIX + ":sync").build();
            SyncStore syncStore;
            try {
                syncStore = SyncStores.redis(redisUri, syncOptions);
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot connect to Redis at " + shown + ": " + e.getMessage(), e);
            }
            Sync sync = Sync.attach(io, syncStore, syncOptions);
            resources.add(0, closer(sync));
            TodoStore store = install(io, sync);
            try {
                adapter.ready().get(REDIS_STARTUP.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Redis at " + shown + " did not answer within "
                        + REDIS_STARTUP.toSeconds() + " s");
            }
            InetSocketAddress address = listen(io, host, port);
            DemoServer node = new DemoServer(io, address, store, resources);
            node.binders = List.of(RedisAdapterMetrics.of(adapter));
            return node;
        } catch (InterruptedException | ExecutionException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (io != null) {
                io.close().orTimeout(30, TimeUnit.SECONDS).exceptionally(x -> null).join();
            }
            closeAll(resources);
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException(Replies.cause(e).toString(), e);
        }
    }

    private static ServerOptions.Builder options() {
        return ServerOptions.builder()
                .connectionStateRecovery(RecoveryOptions.DEFAULT)
                .sse(SseOptions.builder(DemoServer::authorizeFeed).retry(FEED_RETRY).build())
                .staticContent(StaticContent.classpath("/", WEB_ROOT),
                        StaticContent.classpath("/sync/", SYNC_JS_ROOT));
    }

    /**
     * The sync module's options: the chat's history, inboxes on, the todo list's compare-and-set map
     * ({@link MapTodoStore#MAP}, at most {@link TodoStore#MAX_ITEMS} keys); defaults otherwise (presence key and inbox
     * user: {@code data().userId}, the name; the default authorizer lets pages read the map, not write it: they
     * change it through the validated {@code todo:*} events).
     */
    static SyncOptions syncOptions() {
        return SyncOptions.builder().historySize(ChatRoom.HISTORY).historyTtl(CHAT_TTL).inbox(true)
                .casMaps(Pattern.compile(Pattern.quote(MapTodoStore.MAP))).maxMapKeys(TodoStore.MAX_ITEMS).build();
    }

    private static AutoCloseable closer(Sync sync) {
        return () -> sync.close().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** The sync answer's {@code presence}: one entry per user (name) with the number of its tabs. */
    private static CompletableFuture<Map<String, Object>> presence(Sync sync) {
        return sync.presence(ROOM).thenApply(entries -> {
            List<Map<String, Object>> users = new ArrayList<>(entries.size());
            for (PresenceEntry e : entries) {
                users.add(Map.of("name", e.key(), "tabs", e.metas().size()));
            }
            return Map.of("users", users, "total", users.size());
        });
    }

    /** The read-only chat feed: the chat room of the main namespace is public, nothing else is. */
    static CompletionStage<?> authorizeFeed(RequestInfo request, String namespace, Set<String> rooms) {
        if ("/".equals(namespace) && Set.of(ChatRoom.ROOM).containsAll(rooms)) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.failedFuture(new SecurityException("only the chat room has a public feed"));
    }

    private static TodoStore install(SocketServer io, Sync sync) {
        TodoStore store = new MapTodoStore(sync, Clock.systemUTC());
        TodoHandlers.install(sync, store);
        ChatRoom.install(io, sync, Clock.systemUTC());
        io.use((socket, next) -> {
            Object name = socket.handshake().auth().get("name");
            try {
                String checked = Payloads.text(name instanceof String s ? s : null, "name", Payloads.MAX_NAME);
                socket.data().put("name", checked);
                socket.data().put("userId", checked); // the sync module's presence key and inbox user

                next.proceed();
            } catch (Payloads.Invalid e) {
                next.fail("invalid name", Map.of("message", e.getMessage()));
            }
        });
        io.onConnection(socket -> {
            String name = (String) socket.data().get("name");
            socket.on("sync", (args, ack) -> store.list().toCompletableFuture()
                    .thenApply(list -> {
                        Map<String, Object> state = new LinkedHashMap<>();
                        state.put("ok", true);
                        state.put("todos", list);
                        return state;
                    })
                    .thenCombine(presence(sync), (state, online) -> {
                        state.put("presence", online);
                        return state;
                    })
                    .whenComplete((state, e) -> ack.send(e == null ? state : Replies.unavailable("sync", e))));
            DirectMessages.bind(socket, name, sync, Clock.systemUTC());
            sync.track(socket, ROOM, name, Map.of("name", name)).exceptionally(e -> {
                System.err.println("presence: cannot track " + socket.id() + ": " + Replies.cause(e));
                return null;
            });
        });
        io.onError((ServerSocket socket, Throwable t) -> System.err.println(
                "handler failed" + (socket == null ? "" : " on " + socket.id()) + ": " + t));
        return store;
    }

    private static InetSocketAddress listen(SocketServer io, String host, int port) {
        return io.listen(host, port).orTimeout(30, TimeUnit.SECONDS).join();
    }

    public InetSocketAddress address() {
        return address;
    }

    public SocketServer socketServer() {
        return io;
    }

    /** The todo list (the sync module's map: in memory, or in Redis for a clustered node). */
    TodoStore todos() {
        return todos;
    }

    /**
     * Serves the Prometheus scrape endpoint {@code GET /metrics} on {@code host:port} (port 0: a free one); stopped by
     * {@link #close()}.
     *
     * @return its address
     */
    public synchronized InetSocketAddress startMetrics(String host, int port) {
        if (metrics == null) {
            metrics = DemoMetrics.start(io, binders, host, port);
        }
        return metrics.address();
    }

    /** Disconnects everyone, stops listening, then closes the metrics endpoint and the Redis connections. */
    @Override
    public void close() {
        try {
            io.close().orTimeout(30, TimeUnit.SECONDS).join();
        } finally {
            DemoMetrics m = metrics;
            if (m != null) {
                m.close();
            }
            closeAll(resources);
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                System.err.println("closing " + r + ": " + e);
            }
        }
    }

    public static void main(String[] argv) throws InterruptedException {
        if (java.util.Arrays.asList(argv).contains("--help") || java.util.Arrays.asList(argv).contains("-h")) {
            System.out.println(DemoArgs.USAGE);
            System.out.println("  --port N      port to listen on (default 3000; 0 picks a free one)");
            System.out.println("  --host H      interface to listen on (default 0.0.0.0)");
            System.out.println("  --redis URL   clustered mode: todos, chat and presence shared through this Redis");
            System.out.println("  --metrics-port N  Prometheus scrape endpoint GET /metrics on this port (default 9464;"
                    + " -1: none)");
            return;
        }
        DemoArgs args;
        try {
            args = DemoArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DemoArgs.USAGE);
            System.exit(2);
            return;
        }
        String redis = args.redisUrl() == null ? null : args.redisUrl().toString();
        DemoServer demo;
        try {
            demo = redis == null ? start(args.host(), args.port())
                    : startClustered(args.host(), args.port(), redis);
        } catch (RuntimeException e) {
            Throwable cause = redis == null && e.getCause() != null ? e.getCause() : e;
            System.err.println("cannot start on " + args.host() + ":" + args.port() + ": " + cause.getMessage());
            System.exit(1);
            return;
        }
        String shown = "0.0.0.0".equals(args.host()) ? "localhost" : args.host();
        if (args.metricsPort() >= 0) {
            try {
                InetSocketAddress m = demo.startMetrics(args.host(), args.metricsPort());
                System.out.println("Prometheus metrics on http://" + shown + ":" + m.getPort() + "/metrics");
            } catch (RuntimeException e) {
                System.err.println("no metrics endpoint: " + e.getMessage());
            }
        }
        System.out.println("Zap-Socket demo on http://" + shown + ":" + demo.address().getPort()
                + (redis == null ? "" : "  (a node of the cluster on " + redacted(redis) + ")")
                + "  (open it in two windows; Ctrl-C stops)");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // drain: clients are told to reconnect (elsewhere, behind a load balancer), running handlers finish
            demo.socketServer().close(Duration.ofSeconds(10)).orTimeout(30, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
            demo.close();
        }, "demo-shutdown"));
        Thread.currentThread().join();
    }

    private static String redacted(String redisUri) {
        return RedisAdapterOptions.builder(redisUri).build().redactedUri();
    }
}
