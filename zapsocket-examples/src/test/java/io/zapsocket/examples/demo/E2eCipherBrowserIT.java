package io.zapsocket.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.e2e.PayloadCipher;
import io.zapsocket.e2e.RoomKeyring;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.StaticContent;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end encryption across implementations: a page in chromium seals with {@code zap-e2e.js} (WebCrypto), the
 * Java client opens with {@link PayloadCipher}, and back; the server in between relays envelopes and is checked to
 * never see the plaintext. Each side seals with a different current key id of the same room (rotation), and a
 * tampered envelope is refused in the browser as in Java.
 */
class E2eCipherBrowserIT {
    private static final byte[] K1 = RoomKeyring.generateKey();
    private static final byte[] K2 = RoomKeyring.generateKey();

    private static BrowserDriver browser;
    private static SocketServer server;
    private static final BlockingQueue<Object> relayed = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        browser = DemoPages.startBrowser("E2eCipherBrowserIT");
        server = SocketServer.create(ServerOptions.builder()
                .staticContent(StaticContent.classpath("/e2e/", "io/zapsocket/e2e/browser"),
                        StaticContent.classpath("/page/", "e2e-page"))
                .build());
        server.onConnection(socket -> {
            socket.on("join", (args, ack) -> {
                socket.join(args.getString(0));
                ack.send();
            });
            // the server relays what it cannot read
            socket.on("relay", (args, ack) -> {
                relayed.add(args.get(1));
                socket.to(args.getString(0)).emit("msg", args.get(1));
            });
        });
        server.listen("127.0.0.1", 0).join();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close().join();
        }
    }

    @Test
    void aPageAndTheJavaClientExchangeSealedMessagesThatTheServerCannotRead() throws Exception {
        int port = server.address().getPort();
        RoomKeyring keys = new RoomKeyring().add("secret", "k1", K1).add("secret", "k2", K2); // Java seals with k2
        PayloadCipher cipher = new PayloadCipher(keys);
        BlockingQueue<Object> opened = new LinkedBlockingQueue<>();
        try (SocketClient client = SocketClient.create("http://127.0.0.1:" + port, ClientOptions.builder()
                .transports(Transport.WEBSOCKET).build())) {
            ClientSocket socket = client.socket("/");
            socket.on("msg", (args, ack) -> opened.add(cipher.open("secret", args.get(0))));
            socket.connect();
            socket.emitWithAck("join", "secret").get(10, TimeUnit.SECONDS);

            String fragment = "k1=" + HexFormat.of().formatHex(K1) + "&k2=" + HexFormat.of().formatHex(K2);
            browser.call("open", Map.of("page", "e2e", "url", "http://127.0.0.1:" + port + "/page/#" + fragment),
                    Duration.ofSeconds(30));
            browser.call("waitFor", Map.of("page", "e2e", "expression", "window.joined === true", "timeout", 10_000),
                    Duration.ofSeconds(15));

            // browser -> Java, JSON and binary
            browser.call("eval", Map.of("page", "e2e", "expression",
                    "window.send({text: 'hello from chromium', n: 1, nested: [true, null]})"), Duration.ofSeconds(10));
            assertThat(opened.poll(10, TimeUnit.SECONDS))
                    .isEqualTo(Map.of("text", "hello from chromium", "n", 1, "nested", java.util.Arrays.asList(true, null)));
            browser.call("eval", Map.of("page", "e2e", "expression", "window.sendBytes([0, 1, 254, 255])"),
                    Duration.ofSeconds(10));
            assertThat((byte[]) opened.poll(10, TimeUnit.SECONDS)).containsExactly(0, 1, -2, -1);

            // Java -> browser, JSON and binary, sealed with k2
            socket.emit("relay", "secret", cipher.seal("secret", Map.of("text", "hello from java", "ok", true)));
            socket.emit("relay", "secret", cipher.seal("secret", new byte[] {9, 8, 7}));
            browser.call("waitFor", Map.of("page", "e2e", "expression", "window.received.length >= 2", "timeout",
                    10_000), Duration.ofSeconds(15));
            JsonNode received = browser.call("eval", Map.of("page", "e2e", "expression", "window.received"),
                    Duration.ofSeconds(10));
            assertThat(received.get(0).path("text").asText()).isEqualTo("hello from java");
            assertThat(received.get(0).path("ok").asBoolean()).isTrue();
            assertThat(received.get(1).path("bytes").toString()).isEqualTo("[9,8,7]");
            assertThat(browser.call("eval", Map.of("page", "e2e", "expression", "window.errors"),
                    Duration.ofSeconds(10)).size()).isZero();

            // tamper detection in the browser
            assertThat(browser.call("eval", Map.of("page", "e2e", "expression", "window.tamperedOpens()"),
                    Duration.ofSeconds(10)).asText()).isEqualTo("TAMPERED");
        }

        // what the server relayed: envelopes with the key ids, never the plaintext
        List<Object> seen = new java.util.ArrayList<>();
        relayed.drainTo(seen);
        assertThat(seen).hasSize(4).allSatisfy(e -> assertThat(PayloadCipher.isEnvelope(e)).isTrue());
        assertThat(seen).extracting(e -> (Object) ((Map<?, ?>) e).get("kid")).containsExactly((Object) "k1", "k1", "k2", "k2");
        String all = Json.stringify(seen);
        assertThat(all).doesNotContain("hello from chromium").doesNotContain("hello from java");
    }
}
