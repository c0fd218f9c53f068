package io.zapsocket.admin.internal;

import io.zapsocket.admin.AdminUiOptions;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.BroadcastOperator;
import io.zapsocket.server.Namespace;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.ServerStats;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.adapter.RoomListener;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code instrument(io, opts)} of {@code @socket.io/admin-ui} 0.5 does, on Zap-Socket's public API: the admin
 * namespace with its authentication and operations ({@code emit}, {@code join}, {@code leave},
 * {@code _disconnect}), {@code config} and {@code all_sockets} for each UI, {@code server_stats} every interval, and
 * in development mode the feed ({@code socket_connected}, {@code socket_disconnected}, {@code room_joined},
 * {@code room_left}, {@code event_received}, {@code event_sent}). Everything is emitted to the admin namespace
 * through the adapter, so a UI connected to any node of a cluster sees every node.
 */
public final class Instrumentation implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Instrumentation.class);

    private final SocketServer io;
    private final AdminUiOptions options;
    private final Namespace admin;
    private final boolean verbose;
    private final List<String> features;
    private final EventBuffer events = new EventBuffer();
    private final ConcurrentHashMap<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor bcrypt;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Object> baseStats = new LinkedHashMap<>();
    /** Session ids of logins whose socket is not connected yet (sent with {@code session} on connection). */
    private final ConcurrentHashMap<String, String> newSessions = new ConcurrentHashMap<>();

    public Instrumentation(SocketServer io, AdminUiOptions options) {
        this.io = io;
        this.options = options;
        this.verbose = options.mode() == AdminUiOptions.Mode.DEVELOPMENT;
        List<String> f = new ArrayList<>();
        if (!options.readonly()) {
            f.addAll(List.of("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT"));
        }
        f.add("AGGREGATED_EVENTS");
        if (verbose) {
            f.add("ALL_EVENTS");
        }
        this.features = List.copyOf(f);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "zapsocket-admin-stats"));
        this.bcrypt = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
                r -> daemon(r, "zapsocket-admin-login"));
        String host = hostname();
        baseStats.put("serverId", options.serverId() != null ? options.serverId() : host);
        baseStats.put("hostname", host);
        baseStats.put("pid", ProcessHandle.current().pid());

        this.admin = io.of(options.namespace());
        if (options.authenticated()) {
            AdminSessions sessions = new AdminSessions(options.sessionTtl(), options.maxSessions(), clock);
            AdminAuth auth = new AdminAuth(options.username(), options.passwordHash(), sessions, bcrypt,
                    (socket, session) -> newSessions.put(socket.id(), session));
            admin.use((socket, next) -> {
                try {
                    auth.handle(socket, next);
                } catch (RejectedExecutionException e) {
                    log.warn("admin UI: too many logins at once, refusing one");
                    next.fail("too many logins, try again");
                }
            });
        } else {
            log.warn("admin UI: authentication is disabled ({}), anyone reaching it controls the server",
                    options.namespace());
        }
        admin.onConnection(this::onAdminSocket);
        for (String name : io.stats().socketsByNamespace().keySet()) {
            register(io.of(name));
        }
        register(io);
        register(admin);
        io.onNewNamespace(this::register);
        long period = options.statsInterval().toMillis();
        timer.scheduleAtFixedRate(this::emitStats, 0, period, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    // ---------------------------------------------------------------- every namespace

    private void register(Namespace ns) {
        if (namespaces.putIfAbsent(ns.name(), ns) != null) {
            return;
        }
        ns.onConnection(socket -> onSocket(ns, socket));
        if (verbose) {
            ns.addRoomListener(new RoomListener() {
                @Override
                public void onJoinRoom(String room, String socketId) {
                    admin.emit("room_joined", ns.name(), room, socketId, Instant.now());
                }

                @Override
                public void onLeaveRoom(String room, String socketId) {
                    admin.emit("room_left", ns.name(), room, socketId, Instant.now());
                }
            });
        }
    }

    private void onSocket(Namespace ns, ServerSocket socket) {
        socket.data().put(SocketViews.ADMIN_KEY, SocketViews.adminData(socket));
        String conn = socket.connectionId();
        if (conn != null && connections.merge(conn, 1, Integer::sum) == 1) {
            events.push("rawConnection", null, 1, clock.millis());
        }
        boolean adminNs = ns.name().equals(admin.name());
        socket.onAny((event, args) -> {
            events.push("packetsIn", null, 1, clock.millis());
            if (verbose && !adminNs) {
                admin.emit("event_received", ns.name(), socket.id(), eventArgs(event, args), Instant.now());
            }
        });
        socket.onAnyOutgoing((event, args) -> {
            events.push("packetsOut", null, 1, clock.millis());
            if (verbose && !adminNs) {
                admin.emit("event_sent", ns.name(), socket.id(), eventArgs(event, args), Instant.now());
            }
        });
        socket.onDisconnect((reason, description) -> {
            if (conn != null && connections.compute(conn, (k, n) -> n == null || n <= 1 ? null : n - 1) == null) {
                events.push("rawDisconnection", reason.toString(), 1, clock.millis());
            }
            if (verbose) {
                admin.emit("socket_disconnected", ns.name(), socket.id(), reason.toString(), Instant.now());
            }
        });
        if (verbose) {
            admin.emit("socket_connected", SocketViews.of(socket, ns.name()), Instant.now());
        }
    }

    private static List<Object> eventArgs(String event, Args args) {
        List<Object> all = new ArrayList<>(args.size() + 1);
        all.add(event);
        all.addAll(args.list());
        return all;
    }

    // ---------------------------------------------------------------- the admin namespace

    private void onAdminSocket(ServerSocket socket) {
        String session = newSessions.remove(socket.id());
        if (session != null) {
            socket.emit("session", session);
        }
        if (!options.readonly()) {
            socket.on("emit", (args, ack) -> target(args, 1).ifPresent(op -> {
                String event = args.getString(2);
                List<Object> rest = args.list().subList(3, args.size());
                try {
                    op.emit(event, rest.toArray());
                } catch (IllegalArgumentException e) {
                    log.debug("admin UI: emit refused: {}", e.getMessage());
                }
            }));
            socket.on("join", (args, ack) -> target(args, 2).ifPresent(op -> op.socketsJoin(args.getString(1))));
            socket.on("leave", (args, ack) -> target(args, 2).ifPresent(op -> op.socketsLeave(args.getString(1))));
            socket.on("_disconnect", (args, ack) -> target(args, 2).ifPresent(
                    op -> op.disconnectSockets(Boolean.TRUE.equals(args.get(1)))));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("supportedFeatures", features);
        socket.emit("config", config);
        if (verbose) {
            allSockets().whenComplete((sockets, err) -> {
                if (err != null) {
                    log.warn("admin UI: fetching the sockets failed: {}", err.toString());
                } else {
                    socket.emit("all_sockets", sockets);
                }
            });
        }
    }

    /** The operator for {@code args[0]} (namespace) and {@code args[filterIndex]} (room filter, optional). */
    private java.util.Optional<BroadcastOperator> target(Args args, int filterIndex) {
        if (!(args.get(0) instanceof String nsp)) {
            return java.util.Optional.empty();
        }
        Namespace ns = namespaces.get(nsp);
        if (ns == null) { // never create a namespace on the UI's word
            return java.util.Optional.empty();
        }
        Object filter = args.get(filterIndex);
        return java.util.Optional.of(filter instanceof String room && !room.isEmpty() ? ns.in(room) : ns);
    }

    private CompletableFuture<List<Map<String, Object>>> allSockets() {
        List<CompletableFuture<List<Map<String, Object>>>> parts = new ArrayList<>();
        for (Namespace ns : namespaces.values()) {
            parts.add(ns.fetchSockets().thenApply(list -> {
                List<Map<String, Object>> views = new ArrayList<>(list.size());
                list.forEach(s -> views.add(SocketViews.of(s, ns.name())));
                return views;
            }));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Map<String, Object>> all = new ArrayList<>();
            parts.forEach(p -> all.addAll(p.join()));
            return all;
        });
    }

    // ---------------------------------------------------------------- stats

    private void emitStats() {
        try {
            ServerStats stats = io.stats();
            Map<String, Object> s = new LinkedHashMap<>(baseStats);
            s.put("uptime", ProcessHandle.current().info().startInstant()
                    .map(t -> (clock.millis() - t.toEpochMilli()) / 1000.0).orElse(0.0));
            s.put("clientsCount", stats.connections());
            s.put("pollingClientsCount", stats.connectionsByTransport().getOrDefault(Transport.POLLING, 0));
            s.put("aggregatedEvents", events.drain());
            List<Map<String, Object>> nsps = new ArrayList<>();
            for (Namespace ns : namespaces.values()) {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("name", ns.name());
                n.put("socketsCount", stats.socketsByNamespace().getOrDefault(ns.name(), 0));
                nsps.add(n);
            }
            s.put("namespaces", nsps);
            admin.emit("server_stats", s);
        } catch (RuntimeException e) {
            log.warn("admin UI: stats failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        bcrypt.shutdownNow();
    }
}
