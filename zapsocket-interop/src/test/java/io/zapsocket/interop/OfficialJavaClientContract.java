package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Java client {@code io.socket:socket.io-client} 2.1.2 (OkHttp, EIO4/SIO5) against the app. Its callbacks
 * are recorded into a {@link RecordingQueue} under the client name {@code "java"}, with args converted to the same
 * JSON form as the driver's ({@code byte[]} → {@code {"$bin":…}}).
 */
public abstract class OfficialJavaClientContract extends InteropContract {
    private static final String CLIENT = "java";
    private static final byte[] LEADING_ZERO = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xff};

    private final RecordingQueue events = new RecordingQueue();
    private final List<Socket> sockets = new ArrayList<>();
    private OkHttpClient http;

    @BeforeAll
    void startHttpClient() {
        http = new OkHttpClient.Builder().readTimeout(1, TimeUnit.MINUTES).build();
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(Socket::close);
        sockets.clear();
        events.clear();
    }

    @AfterAll
    void stopHttpClient() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private IO.Options clientOptions(String... transports) {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.callFactory = http;
        o.webSocketFactory = http;
        if (transports.length > 0) {
            o.transports = transports;
        }
        return o;
    }

    /** A socket for {@code namespace} whose lifecycle events and {@code events} are recorded; not yet connected. */
    private Socket socket(String namespace, IO.Options options, String... subscribed) {
        Socket s = IO.socket(URI.create(server.url(namespace)), options);
        sockets.add(s);
        s.on(Socket.EVENT_CONNECT, args -> record("connect", Map.of("id", s.id())));
        s.on(Socket.EVENT_DISCONNECT, args -> record("disconnect", Map.of("reason", String.valueOf(args[0]))));
        s.on(Socket.EVENT_CONNECT_ERROR, args -> record("connect_error", Map.of("error", toJson(args[0]))));
        for (String event : subscribed) {
            s.on(event, args -> {
                boolean hasAck = args.length > 0 && args[args.length - 1] instanceof Ack;
                Object[] data = hasAck ? java.util.Arrays.copyOf(args, args.length - 1) : args;
                record(DriverEvent.EVENT, Map.of("name", event, "args", toJson(data), "hasAck", hasAck));
            });
        }
        return s;
    }

    private void record(String type, Map<String, Object> fields) {
        var body = Json.object().put("client", CLIENT).put("type", type);
        fields.forEach((k, v) -> body.set(k, Json.tree(v)));
        events.add(new DriverEvent(CLIENT, type, body, System.nanoTime()));
    }

    /** org.json values and {@code byte[]} (as the Java client hands them out) → the driver's JSON form. */
    static JsonNode toJson(Object value) {
        if (value instanceof Object[] array) {
            ArrayNode a = Json.MAPPER.createArrayNode();
            for (Object o : array) {
                a.add(toJson(o));
            }
            return a;
        }
        if (value instanceof JSONArray array) {
            ArrayNode a = Json.MAPPER.createArrayNode();
            for (int i = 0; i < array.length(); i++) {
                a.add(toJson(array.opt(i)));
            }
            return a;
        }
        if (value instanceof JSONObject object) {
            var o = Json.object();
            for (Iterator<String> it = object.keys(); it.hasNext(); ) {
                String k = it.next();
                o.set(k, toJson(object.opt(k)));
            }
            return o;
        }
        if (value == null || value == JSONObject.NULL) {
            return Json.MAPPER.nullNode();
        }
        return Json.tree(value);
    }

    /** Emits with an {@link Ack} and waits for it. */
    private JsonNode emitWithAck(Socket s, String event, Object... args) {
        java.util.concurrent.CompletableFuture<JsonNode> ack = new java.util.concurrent.CompletableFuture<>();
        s.emit(event, args, ackArgs -> ack.complete(toJson(ackArgs)));
        return NodeDriver.await(ack, RecordingQueue.DEFAULT_TIMEOUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "polling", "websocket"})
    void connectsAndReceivesWelcomeWithAuth(String transport) {
        IO.Options o = transport.equals("default") ? clientOptions() : clientOptions(transport);
        o.auth = Map.of("token", "java");
        Socket s = socket("", o, "welcome");

        s.connect();

        String id = events.awaitEvent(CLIENT, "connect").text("id");
        assertThat(id).isNotEmpty().isEqualTo(s.id());
        JsonNode welcome = events.awaitMessage(CLIENT, "welcome").arg(0);
        assertThat(welcome.path("id").asText()).isEqualTo(id);
        assertThat(welcome.path("auth")).isEqualTo(Json.tree(Map.of("token", "java")));
    }

    @Test
    void emitIsAcknowledgedWithTheSameArgs() throws Exception {
        Socket s = socket("", clientOptions());
        s.connect();
        events.awaitEvent(CLIENT, "connect");

        JSONObject obj = new JSONObject().put("k", new JSONArray().put(1).put("x")).put("nil", JSONObject.NULL);
        JsonNode ack = emitWithAck(s, "echo", "hello", 42, 2.5, true, obj);

        assertThat(ack).isEqualTo(Json.array("hello", 42, 2.5, true,
                Map.of("k", List.of(1, "x"), "nil", Json.MAPPER.nullNode())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void binaryRoundTrips(String transport) {
        Socket s = socket("", clientOptions(transport), "echo");
        s.connect();
        events.awaitEvent(CLIENT, "connect");
        byte[] big = JsBinary.payload(500 * 1024, 7);

        JsonNode ack = emitWithAck(s, "echo", LEADING_ZERO, new JSONObject(Map.of("big", big)));

        assertThat(JsBinary.bytes(ack.get(0))).containsExactly(LEADING_ZERO);
        assertThat(JsBinary.bytes(ack.get(1).get("big"))).isEqualTo(big);

        s.emit("echo", LEADING_ZERO);
        assertThat(JsBinary.bytes(events.awaitMessage(CLIENT, "echo").arg(0))).containsExactly(LEADING_ZERO);
    }

    @Test
    void serverEmitIsAcknowledgedByTheJavaClient() {
        Socket s = socket("", clientOptions(), "server-ack-result");
        s.on("ask", args -> ((Ack) args[args.length - 1]).call("pong", args[0]));
        s.connect();
        events.awaitEvent(CLIENT, "connect");

        s.emit("server-ack", "ask", 5000, "ping");

        assertThat(events.awaitMessage(CLIENT, "server-ack-result").arg(0))
                .isEqualTo(Json.tree(Map.of("ok", true, "response", List.of("pong", "ping"))));
    }

    @Test
    void middlewareRefusalReachesTheJavaClient() {
        IO.Options o = clientOptions();
        o.auth = Map.of("token", "reject");
        Socket s = socket("", o);

        s.connect();

        JsonNode error = events.awaitEvent(CLIENT, "connect_error").field("error");
        assertThat(error.path("message").asText()).isEqualTo("Not authorized");
        assertThat(error.path("data")).isEqualTo(Json.tree(Map.of("reason", "bad token")));
        assertThat(s.connected()).isFalse();
    }

    @Test
    void adminNamespaceAndDynamicNamespace() {
        IO.Options o = clientOptions();
        o.auth = Map.of("role", "admin");
        Socket admin = socket("/admin", o, "welcome");
        admin.connect();
        events.awaitEvent(CLIENT, "connect");
        assertThat(events.awaitMessage(CLIENT, "welcome").arg(0).path("auth").path("role").asText())
                .isEqualTo("admin");
        assertThat(emitWithAck(admin, "echo", "in admin")).isEqualTo(Json.array("in admin"));

        Socket dyn = socket("/dyn-42", clientOptions(), "hello");
        dyn.connect();
        assertThat(events.awaitMessage(CLIENT, "hello").arg(0)).isEqualTo(Json.tree(Map.of("nsp", "/dyn-42")));
    }
}
