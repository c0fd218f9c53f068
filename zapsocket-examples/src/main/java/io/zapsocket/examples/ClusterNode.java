package io.zapsocket.examples;

import io.zapsocket.protocol.Args;
import io.zapsocket.postgres.PostgresAdapterFactory;
import io.zapsocket.postgres.PostgresAdapterOptions;
import io.zapsocket.postgres.PostgresAdapters;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.redis.RedisAdapterFactory;
import io.zapsocket.redis.RedisAdapterOptions;
import io.zapsocket.redis.RedisAdapters;
import io.zapsocket.server.BroadcastAckTimeoutException;
import io.zapsocket.server.CorsOptions;
import io.zapsocket.server.PublishApiOptions;
import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSideEmitTimeoutException;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.adapter.AdapterFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One node of a Redis- or PostgreSQL-backed cluster: the same small app as {@code zapsocket-interop/node/cluster-node.js} (the Node
 * version), so that Java and Node nodes can be mixed in one cluster.
 *
 * <pre>
 * scripts/run-example.sh io.zapsocket.examples.ClusterNode --redis redis://127.0.0.1:6379 --port 3001 \
 *     [--adapter pubsub|streams|sharded] [--name node-a] [--recovery] [--host 127.0.0.1] [--publish-key KEY]
 * scripts/run-example.sh io.zapsocket.examples.ClusterNode \
 *     --redis-cluster redis://127.0.0.1:7000,redis://127.0.0.1:7001 --adapter sharded --port 3001
 * scripts/run-example.sh io.zapsocket.examples.ClusterNode --adapter postgres \
 *     --postgres jdbc:postgresql://127.0.0.1:5432/app?user=app --port 3001 [--name node-a]
 * </pre>
 *
 * With {@code --publish-key} the node also serves the HTTP publish API ({@code POST /zap/publish}, bearer
 * {@code KEY}): what is posted to any node goes through the adapter to the clients of every node.
 *
 * Prints one line {@code {"port":N,"name":"…"}} on stdout once it listens and its adapter is subscribed. Exits when
 * stdin closes (when started by a test) or on SIGTERM, closing the server first (sockets are disconnected with
 * {@code server shutting down}, so with {@code --recovery} and the Streams adapter their sessions are persisted in
 * Redis and the clients recover on another node).
 *
 * <p>Events on {@code /} (every one acknowledged when the client asks):
 * <ul>
 *   <li>connection: joins the rooms listed in {@code auth.rooms}, copies {@code auth.user} to {@code data.user},
 *       emits {@code welcome {node, id, recovered}};</li>
 *   <li>{@code join(room)}, {@code leave(room)};</li>
 *   <li>{@code to-room(room, event, ...args)}: {@code io.to(room).emit(event, ...args)}; {@code broadcast(event,
 *       ...args)}: {@code io.emit(...)};</li>
 *   <li>{@code fetch(room?)}: answers {@code [{id, rooms, data, node?}]} of {@code io.in(room).fetchSockets()};</li>
 *   <li>{@code sockets-join(room, newRoom)}, {@code sockets-leave(room, oldRoom)}, {@code disconnect-room(room,
 *       close)};</li>
 *   <li>{@code sse(event, ...args)}: {@code io.serverSideEmit}; {@code sse-ack(event, ...args)}: answers
 *       {@code {ok, responses}} of {@code io.serverSideEmitWithAck};</li>
 *   <li>{@code broadcast-ack(room, event, ...args)}: answers {@code {ok, responses}} of
 *       {@code io.to(room).timeout(5 s).emitWithAck};</li>
 *   <li>{@code server-count}: answers {@code io.adapter().serverCount()}.</li>
 * </ul>
 * Server-side events: {@code whoami} is answered with the node name; {@code note(payload)} makes the node emit
 * {@code note(nodeName, payload)} to its own clients.
 *
 * <p>Namespace {@code /news} (for the emitter tests): connection joins {@code auth.rooms} and emits the same
 * {@code welcome}; nothing else.
 */
public final class ClusterNode {
    private ClusterNode() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = parse(argv);
        String redis = a.getOrDefault("redis", "redis://127.0.0.1:6379");
        int port = Integer.parseInt(a.getOrDefault("port", "0"));
        String name = a.getOrDefault("name", "zap-" + ProcessHandle.current().pid());
        String kind = a.getOrDefault("adapter", "pubsub");
        boolean recovery = a.containsKey("recovery");

        AdapterFactory adapter;
        Supplier<CompletableFuture<Void>> adapterReady;
        Consumer<Duration> close;
        if ("postgres".equals(kind)) {
            PostgresAdapterFactory pg = PostgresAdapters.create(PostgresAdapterOptions.builder(
                    a.getOrDefault("postgres", "jdbc:postgresql://127.0.0.1:5432/postgres")).build());
            adapter = pg;
            adapterReady = pg::ready;
            close = pg::close;
        } else {
            RedisAdapterOptions options = a.containsKey("redis-cluster")
                    ? RedisAdapterOptions.clusterBuilder(a.get("redis-cluster").split(",")).build()
                    : RedisAdapterOptions.builder(redis).build();
            RedisAdapterFactory r = switch (kind) {
                case "streams" -> RedisAdapters.streams(options);
                case "sharded" -> RedisAdapters.sharded(options);
                case "pubsub" -> RedisAdapters.pubSub(options);
                default -> throw new IllegalArgumentException("--adapter pubsub|streams|sharded|postgres: " + kind);
            };
            adapter = r;
            adapterReady = r::ready;
            close = r::close;
        }
        ServerOptions.Builder b = ServerOptions.builder().cors(CorsOptions.ANY_ORIGIN).adapter(adapter);
        if (recovery) {
            b.connectionStateRecovery(RecoveryOptions.builder().maxDisconnectionDuration(Duration.ofMinutes(1)).build());
        }
        if (a.containsKey("publish-key")) {
            b.publishApi(PublishApiOptions.builder().apiKeys(a.get("publish-key")).build());
        }
        SocketServer io = SocketServer.create(b.build());
        install(io, name);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                io.close(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS); // drain: see SocketServer.close(Duration)
            } catch (Exception e) {
                System.err.println("[" + name + "] close: " + e);
            }
            close.accept(Duration.ofSeconds(3));
        }, "cluster-node-shutdown"));
        watchStdin();

        InetSocketAddress bound;
        try {
            bound = io.listen(a.getOrDefault("host", "127.0.0.1"), port).join();
            adapterReady.get().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the event loops would keep this JVM alive: whoever waits for the ready line sees it exit instead
            System.err.println("[" + name + "] did not start: " + e);
            System.exit(1);
            return;
        }
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("port", bound.getPort());
        ready.put("name", name);
        System.out.println(Json.stringify(ready));
        System.out.flush();
        Thread.currentThread().join();
    }

    /** The app (see the class comment). */
    public static void install(SocketServer io, String name) {
        io.onServerSideEmit("whoami", (args, ack) -> ack.send(name));
        io.onServerSideEmit("note", (args, ack) -> io.local().emit("note", name, args.get(0)));
        io.of("/news").onConnection(socket -> {
            if (socket.handshake().auth().get("rooms") instanceof List<?> rooms) {
                for (Object r : rooms) {
                    socket.join(String.valueOf(r));
                }
            }
            socket.emit("welcome", Map.of("node", name, "id", socket.id(), "recovered", false));
        });
        io.onConnection(socket -> {
            Map<String, Object> auth = socket.handshake().auth();
            if (auth.get("rooms") instanceof List<?> rooms) {
                for (Object r : rooms) {
                    socket.join(String.valueOf(r));
                }
            }
            if (auth.get("user") != null) {
                socket.data().put("user", auth.get("user"));
            }
            Map<String, Object> welcome = new LinkedHashMap<>();
            welcome.put("node", name);
            welcome.put("id", socket.id());
            welcome.put("recovered", socket.recovered());
            socket.emit("welcome", welcome);

            socket.on("join", (args, ack) -> {
                socket.join(args.getString(0));
                ack.send();
            });
            socket.on("leave", (args, ack) -> {
                socket.leave(args.getString(0));
                ack.send();
            });
            socket.on("to-room", (args, ack) -> {
                io.to(args.getString(0)).emit(args.getString(1), rest(args, 2));
                ack.send();
            });
            socket.on("broadcast", (args, ack) -> {
                io.emit(args.getString(0), rest(args, 1));
                ack.send();
            });
            socket.on("fetch", (args, ack) -> {
                var target = args.get(0) == null ? io.fetchSockets() : io.in(args.getString(0)).fetchSockets();
                target.whenComplete((sockets, e) -> {
                    if (e != null) {
                        ack.send(Map.of("error", String.valueOf(e.getMessage())));
                        return;
                    }
                    List<Object> out = new ArrayList<>();
                    for (RemoteSocket s : sockets) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", s.id());
                        m.put("rooms", new ArrayList<>(s.rooms()));
                        m.put("data", s.data());
                        m.put("address", s.handshake().address());
                        out.add(m);
                    }
                    ack.send(out);
                });
            });
            socket.on("sockets-join", (args, ack) -> {
                io.in(args.getString(0)).socketsJoin(args.getString(1));
                ack.send();
            });
            socket.on("sockets-leave", (args, ack) -> {
                io.in(args.getString(0)).socketsLeave(args.getString(1));
                ack.send();
            });
            socket.on("disconnect-room", (args, ack) -> {
                ack.send();
                io.in(args.getString(0)).disconnectSockets(Boolean.TRUE.equals(args.get(1)));
            });
            socket.on("sse", (args, ack) -> {
                io.serverSideEmit(args.getString(0), rest(args, 1));
                ack.send();
            });
            socket.on("sse-ack", (args, ack) -> io.serverSideEmitWithAck(args.getString(0), rest(args, 1))
                    .whenComplete((responses, e) -> ack.send(result(responses, e))));
            socket.on("broadcast-ack", (args, ack) -> io.to(args.getString(0)).timeout(Duration.ofSeconds(5))
                    .emitWithAck(args.getString(1), rest(args, 2)).whenComplete((responses, e) -> {
                        List<Object> flat = new ArrayList<>();
                        if (responses != null) {
                            responses.forEach(r -> flat.add(r.get(0)));
                        }
                        ack.send(result(flat, e));
                    }));
            socket.on("server-count", (args, ack) -> io.adapter().serverCount()
                    .whenComplete((n, e) -> ack.send(e == null ? n : -1)));
        });
    }

    private static Map<String, Object> result(List<Object> responses, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", cause == null);
        if (cause != null) {
            m.put("error", cause.getMessage());
            if (cause instanceof ServerSideEmitTimeoutException t) {
                responses = t.responses();
            } else if (cause instanceof BroadcastAckTimeoutException t) {
                List<Object> flat = new ArrayList<>();
                t.responses().forEach(r -> flat.add(r.get(0)));
                responses = flat;
            }
        }
        m.put("responses", responses == null ? List.of() : responses);
        return m;
    }

    private static Object[] rest(Args args, int from) {
        List<Object> all = args.list();
        return from >= all.size() ? new Object[0] : all.subList(from, all.size()).toArray();
    }

    private static void watchStdin() {
        if (System.console() != null) {
            return; // interactive: Ctrl-C ends it
        }
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // drain
                }
            } catch (IOException ignored) {
                // closed
            }
            System.exit(0);
        }, "stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String key = arg.substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                out.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                out.put(key, argv[++i]);
            } else {
                out.put(key, "true");
            }
        }
        return out;
    }
}
