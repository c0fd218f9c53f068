package io.zapsocket.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The admin namespace as the UI speaks to it (the events and payloads of {@code @socket.io/admin-ui} 0.5): login
 * and sessions, config, all_sockets, server_stats, the feed, the operations, read-only and production modes.
 */
class AdminUiTest {
    private static final String HASH = BCrypt.hashpw("s3cret", BCrypt.gensalt(4));

    private SocketServer io;
    private AdminUi adminUi;
    private final List<SocketClient> clients = new ArrayList<>();
    private String url;

    private void start(AdminUiOptions.Builder options) {
        io = SocketServer.create(ServerOptions.builder().build());
        io.onConnection(s -> s.on("join", (args, ack) -> {
            s.join(args.getString(0));
            ack.send();
        }));
        adminUi = AdminUi.instrument(io, options.statsInterval(Duration.ofMillis(200)).build());
        url = "http://127.0.0.1:" + io.listen("127.0.0.1", 0).join().getPort();
    }

    @AfterEach
    void stop() {
        clients.forEach(SocketClient::close);
        if (adminUi != null) {
            adminUi.close();
        }
        if (io != null) {
            io.close().join();
        }
    }

    /** Records every event of a socket: [event, args...]. */
    record Recorder(ClientSocket socket, BlockingQueue<List<Object>> events, BlockingQueue<Throwable> errors) {
        List<Object> next(String event) throws InterruptedException {
            return next(event, e -> true);
        }

        List<Object> next(String event, java.util.function.Predicate<List<Object>> which)
                throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < until) {
                List<Object> e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e != null && e.get(0).equals(event) && which.test(e)) {
                    return e;
                }
            }
            throw new AssertionError("no " + event + " within 10 s");
        }
    }

    private Recorder connect(String nsp, Supplier<?> auth) {
        SocketClient client = SocketClient.create(url, ClientOptions.builder().transports(Transport.WEBSOCKET)
                .reconnection(false).build());
        clients.add(client);
        ClientSocket socket = auth == null ? client.socket(nsp) : client.socket(nsp, auth);
        BlockingQueue<List<Object>> events = new LinkedBlockingQueue<>();
        BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        socket.onAny((event, args) -> {
            List<Object> e = new ArrayList<>();
            e.add(event);
            e.addAll(args.list());
            events.add(e);
        });
        socket.onConnect(() -> events.add(List.of("connect")));
        socket.onDisconnect(reason -> events.add(List.of("disconnect", reason.toString())));
        socket.onConnectError(errors::add);
        socket.connect();
        return new Recorder(socket, events, errors);
    }

    private Recorder admin() throws InterruptedException {
        Recorder a = connect("/admin", () -> Map.of("username", "admin", "password", "s3cret"));
        a.next("connect");
        return a;
    }

    @Test
    void aLoginGetsASessionTheConfigAndTheSockets() throws Exception {
        start(AdminUiOptions.builder().basicAuth("admin", HASH));
        Recorder user = connect("/", null);
        user.next("connect");

        Recorder a = connect("/admin", () -> Map.of("username", "admin", "password", "s3cret"));
        String session = (String) a.next("session").get(1);
        assertThat(session).hasSize(32);
        Map<?, ?> config = (Map<?, ?>) a.next("config").get(1);
        assertThat(list(config.get("supportedFeatures"))).contains("EMIT", "JOIN", "LEAVE", "DISCONNECT",
                "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS");
        List<?> sockets = (List<?>) a.next("all_sockets").get(1);
        Map<?, ?> view = sockets.stream().map(s -> (Map<?, ?>) s).filter(s -> s.get("id").equals(user.socket().id()))
                .findFirst().orElseThrow();
        assertThat(view.get("nsp")).isEqualTo("/");
        assertThat(view.get("transport")).isEqualTo("websocket");
        assertThat((String) view.get("clientId")).hasSize(12);
        assertThat(map(view.get("data"))).doesNotContainKey("_admin");
        assertThat(((Map<?, ?>) view.get("handshake")).get("address")).isEqualTo("127.0.0.1");
        assertThat(list(view.get("rooms"))).contains(user.socket().id());

        Recorder again = connect("/admin", () -> Map.of("sessionId", session));
        again.next("connect");
    }

    @Test
    void wrongCredentialsAreRefused() throws Exception {
        start(AdminUiOptions.builder().basicAuth("admin", HASH));
        for (Map<String, Object> auth : List.<Map<String, Object>>of(Map.of("username", "admin", "password", "nope"),
                Map.of("username", "root", "password", "s3cret"), Map.of("sessionId", "forged"), Map.of())) {
            Recorder r = connect("/admin", () -> auth);
            Throwable err = r.errors().poll(10, TimeUnit.SECONDS);
            assertThat(err).as("%s", auth).isNotNull();
            assertThat(err.getMessage()).contains("invalid credentials");
        }
    }

    @Test
    void theFeedReportsConnectionsRoomsEventsAndDisconnections() throws Exception {
        start(AdminUiOptions.builder().basicAuth("admin", HASH));
        Recorder a = admin();
        Recorder user = connect("/", null);
        user.next("connect");
        String id = user.socket().id();

        Map<?, ?> connected = (Map<?, ?>) a.next("socket_connected",
                e -> "/".equals(((Map<?, ?>) e.get(1)).get("nsp"))).get(1);
        assertThat(connected.get("id")).isEqualTo(id);
        user.socket().emitWithAck("join", "lobby").get(5, TimeUnit.SECONDS);
        List<Object> received = a.next("event_received"); // onAny runs before the handler that joins
        assertThat(received.get(1)).isEqualTo("/");
        assertThat(received.get(3)).isEqualTo(List.of("join", "lobby"));
        List<Object> joined = a.next("room_joined");
        assertThat(joined.subList(1, 4)).containsExactly("/", "lobby", id);
        Map<?, ?> stats = (Map<?, ?>) a.next("server_stats").get(1);
        assertThat(map(stats).keySet()).contains("serverId", "hostname", "pid", "uptime", "clientsCount",
                "pollingClientsCount", "aggregatedEvents", "namespaces");
        assertThat(((Number) stats.get("clientsCount")).intValue()).isGreaterThanOrEqualTo(2);

        user.socket().disconnect();
        List<Object> gone = a.next("socket_disconnected", e -> "/".equals(e.get(1)));
        assertThat(gone.subList(1, 3)).containsExactly("/", id);
    }

    @Test
    void operationsReachTheTargetedSockets() throws Exception {
        start(AdminUiOptions.builder().basicAuth("admin", HASH));
        Recorder a = admin();
        Recorder user = connect("/", null);
        user.next("connect");
        Recorder other = connect("/", null);
        other.next("connect");
        user.socket().emitWithAck("join", "lobby").get(5, TimeUnit.SECONDS);

        a.socket().emit("emit", "/", "lobby", "notice", "hi");
        assertThat(user.next("notice")).containsExactly("notice", "hi");
        a.socket().emit("join", "/", "vip", "lobby");
        a.next("room_joined");
        a.socket().emit("emit", "/nope", null, "x"); // an unknown namespace is not created
        a.socket().emit("_disconnect", "/", false, "vip");
        assertThat(user.next("disconnect").get(1)).isEqualTo("io server disconnect");
        assertThat(other.socket().connected()).isTrue();
        assertThat(io.stats().socketsByNamespace()).doesNotContainKey("/nope");
    }

    @Test
    void readonlyHasNoOperationsAndProductionNoFeed() throws Exception {
        start(AdminUiOptions.builder().basicAuth("admin", HASH).readonly(true)
                .mode(AdminUiOptions.Mode.PRODUCTION));
        Recorder a = admin();
        Map<?, ?> config = (Map<?, ?>) a.next("config").get(1);
        assertThat(list(config.get("supportedFeatures"))).containsExactly("AGGREGATED_EVENTS");
        Recorder user = connect("/", null);
        user.next("connect");
        a.socket().emit("_disconnect", "/", false, null);

        Map<?, ?> stats = (Map<?, ?>) a.next("server_stats").get(1);
        List<Map<?, ?>> aggregated = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (aggregated.stream().noneMatch(e -> "rawConnection".equals(e.get("type")))
                && System.nanoTime() < until) {
            ((List<?>) stats.get("aggregatedEvents")).forEach(e -> aggregated.add((Map<?, ?>) e));
            stats = (Map<?, ?>) a.next("server_stats").get(1);
        }
        assertThat(aggregated).anySatisfy(e -> assertThat(e.get("type")).isEqualTo("rawConnection"));
        assertThat(a.events().stream().map(e -> e.get(0))).doesNotContain("socket_connected", "all_sockets");
        assertThat(user.socket().connected()).isTrue();
    }

    @Test
    void optionsRequireAnExplicitAuthChoiceAndABcryptHash() {
        assertThatThrownBy(() -> AdminUiOptions.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AdminUiOptions.builder().basicAuth("admin", "s3cret"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AdminUiOptions.builder().basicAuth("admin", HASH).build().toString()).doesNotContain(HASH);
        assertThat(AdminUiOptions.builder().noAuth().build().authenticated()).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
