package io.zapsocket.examples.readme;

import io.zapsocket.admin.AdminUi;
import io.zapsocket.admin.AdminUiOptions;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.e2e.PayloadCipher;
import io.zapsocket.e2e.RoomKeyring;
import io.zapsocket.emitter.Emitter;
import io.zapsocket.emitter.EmitterOptions;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zapsocket.jwt.JwtAuth;
import io.zapsocket.jwt.JwtIdentity;
import io.zapsocket.jwt.JwtOptions;
import io.zapsocket.micrometer.RedisAdapterMetrics;
import io.zapsocket.micrometer.ZapSocketMetrics;
import io.zapsocket.protocol.Args;
import io.zapsocket.postgres.PostgresAdapterFactory;
import io.zapsocket.postgres.PostgresAdapterOptions;
import io.zapsocket.postgres.PostgresAdapters;
import io.zapsocket.postgres.PostgresEmitter;
import io.zapsocket.redis.RedisAdapterFactory;
import io.zapsocket.redis.RedisAdapterOptions;
import io.zapsocket.redis.RedisAdapters;
import io.zapsocket.server.CompressionOptions;
import io.zapsocket.server.CorsOptions;
import io.zapsocket.server.LogContext;
import io.zapsocket.server.PublishApiOptions;
import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.SseOptions;
import io.zapsocket.sync.Sync;
import io.zapsocket.sync.SyncOptions;
import io.zapsocket.sync.SyncStores;
import io.zapsocket.webtransport.DevCertificate;
import io.zapsocket.webtransport.WebTransportOptions;
import io.zapsocket.webtransport.WebTransportServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The README's code fragments (the blocks between {@code snippet:start} and {@code snippet:end}), compiled here so
 * that they keep up with the API; {@code GettingStartedTest} checks that the README shows exactly these lines. They
 * are compiled, not run (the Hello world programs are the ones that run).
 */
@SuppressWarnings({"unused", "resource"})
final class ReadmeFragments {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReadmeFragments.class);


    /** The client fragment's order event, bound to a record. */
    record Order(String id) {
    }

    private Tokens tokens = () -> "t";

    /** Where the client fragment gets a token on every (re)connect. */
    interface Tokens {
        String fresh();
    }

    private ReadmeFragments() {
    }

    static void serverTour() {
        // snippet:start server-tour
        SocketServer io = SocketServer.create(ServerOptions.builder()
                .cors(CorsOptions.ANY_ORIGIN)
                .build());

        io.use((socket, next) -> {                       // connection middleware → CONNECT_ERROR on fail
            if (socket.handshake().auth().get("token") == null) next.fail("Not authorized");
            else next.proceed();
        });

        io.onConnection(socket -> {
            socket.join("lobby");
            socket.on("chat", (args, ack) -> {            // args: JSON values, byte[] for binary
                socket.to("lobby").emit("chat", socket.id(), args.get(0));
                ack.send("delivered");                    // acknowledgement back to the client
            });
            socket.timeout(Duration.ofSeconds(5)).emitWithAck("ping?")
                  .thenAccept(reply -> System.out.println("client said " + reply));
        });

        io.listen(3000).join();
        // snippet:end server-tour
    }

    /** Runs the client fragment against {@code url} (JavaClientSampleTest); {@code token} is what it sends. */
    static void runJavaClient(String url, String token) throws Exception {
        ReadmeFragments fragments = new ReadmeFragments();
        fragments.tokens = () -> token;
        fragments.javaClient(url);
    }

    void javaClient(String url) throws Exception {
        // snippet:start java-client
        ClientOptions options = ClientOptions.builder()
                .auth(() -> Map.of("token", tokens.fresh()))   // evaluated on every (re)connect
                .build();
        try (SocketClient client = SocketClient.create(url, options)) {   // close() at the end frees every thread
            ClientSocket socket = client.socket("/");
            socket.onConnect(() -> System.out.println("connected as " + socket.id()));
            socket.onConnectError(err -> System.out.println("cannot connect: " + err.getMessage()));
            socket.onDisconnect(reason -> System.out.println("disconnected: " + reason));  // reconnects by itself
            socket.on("chat", (args, ack) -> System.out.println("chat: " + args.getString(0)));
            socket.on("order", Order.class, (order, ack) -> ack.send("got " + order.id()));  // bound to a record
            socket.connect();                          // returns at once: emits wait in the offline buffer
            Args reply = socket.timeoutAfterWrite(Duration.ofSeconds(5))   // 5 s counted from the send
                    .emitWithAck("hello", "world", new byte[] {1, 2})
                    .get(30, TimeUnit.SECONDS);        // block on your own thread, never inside a listener
            System.out.println("server said " + reply.getString(0));
        } catch (ExecutionException e) {               // the future failed; the cause says why
            System.out.println("no reply: " + e.getCause());
        }
        // snippet:end java-client
    }

    static void scalingOut() {
        // snippet:start scaling-out
        RedisAdapterFactory redis = RedisAdapters.streams(                  // or .pubSub(...), .sharded(...)
                RedisAdapterOptions.builder("redis://127.0.0.1:6379").build());
        SocketServer io = SocketServer.create(ServerOptions.builder()
                .adapter(redis)
                .connectionStateRecovery(RecoveryOptions.DEFAULT)              // recovery across nodes (Streams only)
                .build());
        io.onServerSideEmit("whoami", (args, ack) -> ack.send("node-1"));    // events from the other nodes
        io.serverSideEmitWithAck("whoami").thenAccept(names -> System.out.println(names));  // one per other node
        io.listen(3000).join();
        // shutdown: io.close().join(); redis.close();   (close waits ≤ 2 s for sessions being persisted)
        // snippet:end scaling-out
    }

    static void redisCluster() {
        // snippet:start redis-cluster
        RedisAdapterFactory redis = RedisAdapters.sharded(RedisAdapterOptions   // or .streams(...), .pubSub(...)
                .clusterBuilder("redis://10.0.0.1:7000", "redis://10.0.0.2:7000", "redis://10.0.0.3:7000")
                .topologyRefreshPeriod(Duration.ofSeconds(5))   // slot map re-read (also on MOVED and reconnects)
                .build());
        SocketServer io = SocketServer.create(ServerOptions.builder().adapter(redis).build());
        io.listen(3000).join();
        // snippet:end redis-cluster
    }

    static void postgres() {
        // snippet:start postgres
        PostgresAdapterFactory pg = PostgresAdapters.create(PostgresAdapterOptions
                .builder("jdbc:postgresql://127.0.0.1:5432/app").user("app").password("secret").build());
        SocketServer io = SocketServer.create(ServerOptions.builder().adapter(pg).build());
        io.listen(3000).join();
        // shutdown: io.close().join(); pg.close();   (close waits ≤ 2 s for the goodbyes of the namespaces)
        // snippet:end postgres
    }

    static void postgresEmitter() {
        // snippet:start postgres-emitter
        try (PostgresEmitter emitter = PostgresEmitter.create(PostgresAdapterOptions
                .builder("jdbc:postgresql://127.0.0.1:5432/app").user("app").password("secret").build())) {
            emitter.to("room-42").except("muted").emit("news", Map.of("title", "hello")).join();  // NOTIFY'd
            emitter.of("/admin").asVolatile().emit("tick", 3, new byte[] {1, 2});   // binary: via the table
            emitter.in("banned").disconnectSockets(true);
            emitter.serverSideEmit("reload-config", "v2");
        }
        // snippet:end postgres-emitter
    }

    static void publishApi() {
        // snippet:start publish-api
        ServerOptions.builder()
                .publishApi(PublishApiOptions.builder().apiKeys(System.getenv("ZAP_PUBLISH_KEY")).build())
                .build();
        // snippet:end publish-api
    }

    /** Who may read which feed: the application's own check of the page's token. */
    interface Feeds {
        CompletionStage<?> check(String token, Set<String> rooms);
    }

    static void adminUi(SocketServer io) {
        // snippet:start admin-ui
        AdminUi admin = AdminUi.instrument(io, AdminUiOptions.builder()
                .basicAuth("admin", System.getenv("ADMIN_PASSWORD_BCRYPT"))   // e.g. htpasswd -nbBC 10 "" 'secret'
                .mode(AdminUiOptions.Mode.PRODUCTION)                          // aggregated figures, not every event
                .build());
        // snippet:end admin-ui
    }

    static void webTransport() {
        // snippet:start webtransport
        SocketServer io = SocketServer.create(ServerOptions.builder().build());
        io.listen(3000).join();
        DevCertificate cert = DevCertificate.generate("localhost", "127.0.0.1");   // development only
        WebTransportServer wt = WebTransportServer.start(io, WebTransportOptions.builder()
                .tls(cert.tlsOptions())          // default: the server's own TlsOptions (QUIC always needs TLS)
                .build()).join();                // UDP, same port number as the server (3000); .port(n) for another
        System.out.println("serverCertificateHashes: " + cert.sha256Base64());
        // shutting down: io.close().join(); then wt.close().join();
        // snippet:end webtransport
    }

    static void sync(SocketServer server) {
        // snippet:start sync
        SyncOptions options = SyncOptions.builder().streamRooms(Pattern.compile("chat:.*")).build();
        Sync sync = Sync.attach(server, SyncStores.redis("redis://127.0.0.1:6379", options), options);
        sync.publish("chat:lobby", Map.of("text", "hello"));
        // snippet:end sync
    }

    static String metrics(SocketServer io, RedisAdapterFactory redis) {
        // snippet:start metrics
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ZapSocketMetrics.builder(io).tags(Tags.of("node", "eu-1")).build().bindTo(registry);
        RedisAdapterMetrics.of(redis).bindTo(registry);   // with the Redis adapter
        String scrape = registry.scrape();                 // the body of your GET /metrics
        // snippet:end metrics
        return scrape;
    }

    static void logContext() {
        SocketServer io = SocketServer.create();
        // snippet:start log-context
        io.use((socket, next) -> {
            socket.data().put(LogContext.USER_ID_DATA_KEY, "user-42"); // logged as zap.userId from now on
            next.proceed();
        });
        io.onConnection(socket -> socket.on("order", (args, ack) -> {
            log.info("order received"); // carries zap.socketId, zap.namespace, zap.transport, zap.remoteAddress
        }));
        // snippet:end log-context
    }

    static SocketServer contextTakeover() {
        // snippet:start context-takeover
        // a compression context per connection, as Node's ws (then one deflate per recipient of a broadcast)
        SocketServer io = SocketServer.create(ServerOptions.builder()
                .perMessageDeflate(CompressionOptions.DEFAULT.withServerNoContextTakeover(false))
                .build());
        // snippet:end context-takeover
        return io;
    }

    static void drain(SocketServer io) {
        // snippet:start drain
        Runtime.getRuntime().addShutdownHook(new Thread(() -> io.close(Duration.ofSeconds(20)).join()));
        // snippet:end drain
    }

    static void serverSentEvents(Feeds feeds) {
        // snippet:start sse
        SocketServer io = SocketServer.create(ServerOptions.builder()
                .connectionStateRecovery(RecoveryOptions.DEFAULT)   // event ids, and the history Last-Event-ID resumes from
                .sse(SseOptions.builder((request, nsp, rooms) -> feeds.check(request.queryParam("token"), rooms)).build())
                .build());
        io.to("news").emit("headline", Map.of("title", "hello"));    // reaches sockets and SSE subscribers of "news"
        // snippet:end sse
    }

    static void endToEnd(ClientSocket socket, byte[] keyBytes) {
        // snippet:start e2e
        RoomKeyring keys = new RoomKeyring().add("deal-42", "2026-12", keyBytes);   // 32 bytes; the last added is current
        PayloadCipher cipher = new PayloadCipher(keys);
        socket.emit("relay", "deal-42", cipher.seal("deal-42", Map.of("offer", 1200)));   // JSON value or byte[]
        socket.on("msg", (args, ack) -> {
            Map<?, ?> offer = (Map<?, ?>) cipher.open("deal-42", args.get(0));   // E2eException: TAMPERED, UNKNOWN_KEY, MALFORMED
        });
        // snippet:end e2e
    }

    static void emitter() {
        // snippet:start emitter
        try (Emitter emitter = Emitter.create(EmitterOptions.builder("redis://127.0.0.1:6379").build())) {
            emitter.to("room-42").emit("news", Map.of("title", "hello")).join();   // completes when Redis took it
            emitter.of("/admin").except("muted").asVolatile().emit("tick", 3, new byte[] {1, 2});
            emitter.in("room-42").socketsJoin("room-43");
            emitter.in("banned").disconnectSockets(true);                       // true: close the whole connection
            emitter.serverSideEmit("reload-config", "v2");                      // the servers' onServerSideEmit handlers
        }
        // snippet:end emitter
    }

    static void jwt(SocketServer server) {
        // snippet:start jwt
        JwtAuth jwt = JwtAuth.create(JwtOptions.builder()
                .jwksUrl(URI.create("https://idp.example/.well-known/jwks.json"))   // or hmacKey / publicKey / jwks(json)
                .issuer("https://idp.example/").audience("chat")
                .build());
        server.use(jwt);                                   // or server.of("/admin").use(jwt)
        server.onConnection(socket -> socket.join("user:" + JwtIdentity.of(socket).subject()));
        // snippet:end jwt
    }
}
