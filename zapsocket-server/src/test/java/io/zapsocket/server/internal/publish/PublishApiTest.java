package io.zapsocket.server.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapsocket.server.PublishApiOptions;
import io.zapsocket.server.RateLimit;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.RawHttp.Response;
import io.zapsocket.server.testing.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP publish API: what it emits, and the documented answer to each kind of bad request (wrong method, content
 * type, key, malformed JSON, unknown namespace, reserved event, oversize body, too many rooms, too big a batch, rate
 * limit) — while nothing reaches the subscribed clients for a refused request.
 */
class PublishApiTest {
    private static final String KEY = "k-0123456789abcdef";
    private static final String PATH = "/zap/publish";

    private SocketServer io;
    private int port;

    private void start(PublishApiOptions.Builder publish) {
        io = SocketServer.create(ServerOptions.builder().publishApi(publish.build()).build());
        io.onConnection(s -> s.on("join", (args, ack) -> {
            s.join(args.getString(0));
            ack.send();
        }));
        io.of("/chat").onConnection(s -> s.join("r"));
        port = io.listen("127.0.0.1", 0).join().getPort();
    }

    private void start() {
        start(PublishApiOptions.builder().apiKeys(KEY));
    }

    @AfterEach
    void stop() {
        if (io != null) {
            io.close().join();
        }
    }

    private WsClient client(String nsp, String room) throws Exception {
        WsClient ws = WsClient.connect("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket");
        assertThat(ws.nextText()).startsWith("0{");
        String connect = nsp.equals("/") ? "40" : "40" + nsp + ",";
        ws.send(connect);
        assertThat(ws.nextText()).startsWith(connect + "{\"sid\"");
        if (room != null) {
            ws.send("421[\"join\",\"" + room + "\"]");
            assertThat(ws.nextText()).isEqualTo("431[]");
        }
        return ws;
    }

    private Response post(String target, String body) throws Exception {
        return post(target, body, Map.of("Authorization", "Bearer " + KEY));
    }

    private Response post(String target, String body, Map<String, String> auth) throws Exception {
        Map<String, String> headers = new HashMap<>(auth);
        headers.putIfAbsent("Content-Type", "application/json");
        return RawHttp.send(port, "POST", target, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void error(Response r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.text()).startsWith("{\"error\":\"" + code + "\",\"message\":\"");
    }

    @Test
    void aMessageReachesTheRoomAndOnlyTheRoom() throws Exception {
        start();
        WsClient in = client("/", "r");
        WsClient out = client("/", null);

        Response r = post(PATH, "{\"event\":\"news\",\"args\":[\"hi\",{\"n\":1}],\"rooms\":[\"r\"]}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"published\":1}");
        assertThat(in.nextText()).isEqualTo("42[\"news\",\"hi\",{\"n\":1}]");
        post(PATH, "{\"event\":\"all\"}");
        assertThat(out.nextText()).isEqualTo("42[\"all\"]");
        assertThat(in.nextText()).isEqualTo("42[\"all\"]");
        in.close();
        out.close();
    }

    @Test
    void aBatchEmitsEveryMessageInOrderToItsNamespace() throws Exception {
        start();
        WsClient chat = client("/chat", null);

        Response r = post(PATH + "/batch", "[{\"event\":\"a\",\"namespace\":\"/chat\",\"rooms\":[\"r\"]},"
                + "{\"event\":\"b\",\"namespace\":\"/chat\",\"except\":[\"nobody\"],\"volatile\":true},"
                + "{\"event\":\"c\",\"args\":[1]}]", Map.of("X-Api-Key", KEY));

        assertThat(r.text()).isEqualTo("{\"published\":3}");
        assertThat(chat.nextText()).isEqualTo("42/chat,[\"a\"]");
        assertThat(chat.nextText()).isEqualTo("42/chat,[\"b\"]");
        chat.close();
    }

    @Test
    void badRequestsGetTheDocumentedAnswerAndEmitNothing() throws Exception {
        start(PublishApiOptions.builder().apiKeys(KEY).maxBodyBytes(10_000).maxBatchSize(2).maxRoomsPerMessage(5));
        WsClient watcher = client("/", "r");

        error(RawHttp.send(port, "GET", PATH, Map.of("Authorization", "Bearer " + KEY), null), 405,
                "method_not_allowed");
        error(post(PATH, "{\"event\":\"x\"}", Map.of("Authorization", "Bearer " + KEY, "Content-Type", "text/plain")),
                415, "unsupported_media_type");
        error(post(PATH, "{\"event\":\"x\"}", Map.of()), 401, "unauthorized");
        error(post(PATH, "{\"event\":\"x\"}", Map.of("Authorization", "Bearer wrong-key-0123456789")), 401,
                "unauthorized");
        error(post(PATH, "{\"event\":\"x\"}", Map.of("X-Api-Key", KEY.substring(1))), 401, "unauthorized");
        error(post(PATH, "{\"event\":"), 400, "invalid_json");
        error(post(PATH, "[1,2"), 400, "invalid_json");
        error(RawHttp.send(port, "POST", PATH, Map.of("Authorization", "Bearer " + KEY, "Content-Type",
                "application/json"), new byte[] {'{', (byte) 0xC3, '}'}), 400, "invalid_json");
        error(post(PATH, "\"just a string\""), 400, "bad_request");
        error(post(PATH, "{\"args\":[]}"), 400, "bad_request");
        error(post(PATH, "{\"event\":\"x\",\"args\":{}}"), 400, "bad_request");
        error(post(PATH, "{\"event\":\"x\",\"rooms\":[1]}"), 400, "bad_request");
        error(post(PATH, "{\"event\":\"x\",\"nsp\":\"/\"}"), 400, "bad_request");
        error(post(PATH, "{\"event\":\"x\",\"volatile\":\"yes\"}"), 400, "bad_request");
        error(post(PATH, "{\"event\":\"disconnect\"}"), 400, "reserved_event");
        error(post(PATH, "{\"event\":\"x\",\"namespace\":\"/nope\"}"), 404, "unknown_namespace");
        error(post(PATH, "{\"event\":\"x\",\"namespace\":\"chat\"}"), 400, "bad_request");
        error(post(PATH, "{\"event\":\"x\",\"rooms\":[\"1\",\"2\",\"3\"],\"except\":[\"4\",\"5\",\"6\"]}"), 400,
                "too_many_rooms");
        error(post(PATH, "{\"event\":\"x\",\"args\":[\"" + "y".repeat(10_001) + "\"]}"), 413, "payload_too_large");
        error(post(PATH + "/batch", "[]"), 400, "bad_request");
        error(post(PATH + "/batch", "{\"event\":\"x\"}"), 400, "bad_request");
        error(post(PATH + "/batch", "[{\"event\":\"x\"},{\"event\":\"y\"},{\"event\":\"z\"}]"), 400,
                "batch_too_large");
        // all or nothing: the second message is bad, so the first is not emitted either
        error(post(PATH + "/batch", "[{\"event\":\"x\"},{\"event\":\"connect\"}]"), 400, "reserved_event");
        Response nested = post(PATH, "{\"event\":\"x\",\"args\":[" + "[".repeat(3000) + "]".repeat(3000) + "]}");
        error(nested, 400, "invalid_json");

        post(PATH, "{\"event\":\"end\"}");
        assertThat(watcher.nextText()).as("nothing before the final message").isEqualTo("42[\"end\"]");
        watcher.close();
    }

    @Test
    void tenThousandRoomsInOneRequestAreRefused() throws Exception {
        start();
        StringBuilder rooms = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            rooms.append(i == 0 ? "" : ",").append("\"r").append(i).append('"');
        }
        error(post(PATH, "{\"event\":\"x\",\"rooms\":" + rooms + "]}"), 400, "too_many_rooms");
    }

    @Test
    void aKeyMayBeLimitedToSomeNamespaces() throws Exception {
        start(PublishApiOptions.builder().apiKeys(KEY).namespaces("/chat"));

        error(post(PATH, "{\"event\":\"x\"}"), 403, "forbidden");
        assertThat(post(PATH, "{\"event\":\"x\",\"namespace\":\"/chat\"}").status()).isEqualTo(200);
    }

    @Test
    void theRateLimitAnswers429WithRetryAfter() throws Exception {
        start(PublishApiOptions.builder().apiKeys(KEY).rateLimit(RateLimit.of(1, Duration.ofMinutes(1))
                .withBurst(2)));

        assertThat(post(PATH, "{\"event\":\"x\"}").status()).isEqualTo(200);
        assertThat(post(PATH, "{\"event\":\"x\"}").status()).isEqualTo(200);
        Response limited = post(PATH, "{\"event\":\"x\"}");
        error(limited, 429, "too_many_requests");
        assertThat(limited.header("Retry-After")).isEqualTo("60");
    }

    @Test
    void theApiIsOffByDefault() throws Exception {
        io = SocketServer.create(ServerOptions.builder().build());
        port = io.listen("127.0.0.1", 0).join().getPort();

        assertThat(post(PATH, "{\"event\":\"x\"}").status()).isEqualTo(404);
    }

    @Test
    void optionsRefuseWeakKeysAndAPathInsideSocketIo() {
        assertThatThrownBy(() -> PublishApiOptions.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PublishApiOptions.builder().apiKeys("short")).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerOptions.builder().publishApi(PublishApiOptions.builder().apiKeys(KEY)
                .path("/socket.io/publish").build()).build()).isInstanceOf(IllegalArgumentException.class);
        assertThat(PublishApiOptions.builder().apiKeys(KEY).build().toString()).doesNotContain(KEY);
    }

    @Test
    void aSlowRefusedBodyDoesNotHoldTheServer() throws Exception {
        start();
        // headers promise a body, the key is wrong: answered at once and the connection closed
        RawHttp.Pending p = RawHttp.startRaw(port, ("POST " + PATH + " HTTP/1.1\r\nHost: x\r\nContent-Type: "
                + "application/json\r\nAuthorization: Bearer nope-nope-nope-nope\r\nContent-Length: 1000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), new byte[] {'{'});
        error(p.response.get(5, TimeUnit.SECONDS), 401, "unauthorized");
    }
}
