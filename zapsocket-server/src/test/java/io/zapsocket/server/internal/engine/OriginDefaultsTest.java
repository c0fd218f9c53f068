package io.zapsocket.server.internal.engine;

import io.zapsocket.server.CorsOptions;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.RawHttp.Response;
import io.zapsocket.server.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.zapsocket.server.internal.engine.EngineTestSupport.path;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secure defaults: with neither {@code allowedOrigins} nor {@code cors}, a cross-origin browser request (WebSocket
 * upgrade or polling) is refused with 403, same-origin and Origin-less requests pass, and {@code allowCrossOrigin}
 * restores the permissive behaviour.
 */
class OriginDefaultsTest {
    private static final String HANDSHAKE = path("EIO=4&transport=polling");
    private static final String WS_HANDSHAKE = path("EIO=4&transport=websocket");
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> upgrade(String origin) {
        Map<String, String> h = new HashMap<>(Map.of("Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Version", "13", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="));
        if (origin != null) {
            h.put("Origin", origin);
        }
        return h;
    }

    private Response get(String target, Map<String, String> headers) throws Exception {
        return RawHttp.send(server.port, "GET", target, headers, null);
    }

    /** The status of a WebSocket upgrade (read from the status line: an accepted upgrade keeps the socket open). */
    private int upgradeStatus(String origin) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(5000);
            StringBuilder req = new StringBuilder("GET " + WS_HANDSHAKE + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port
                    + "\r\n");
            upgrade(origin).forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            OutputStream out = s.getOutputStream();
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }

    @Test
    void byDefaultCrossOriginBrowserRequestsAreRefused() throws Exception {
        server = TestServer.start(b -> b);
        String self = "http://127.0.0.1:" + server.port; // RawHttp sends Host: 127.0.0.1:<port>

        Response ws = get(WS_HANDSHAKE, upgrade("http://evil.example"));
        assertThat(ws.status()).isEqualTo(403);
        assertThat(ws.text()).isEqualTo("Origin not allowed");
        assertThat(upgradeStatus("http://evil.example")).isEqualTo(403);
        Response polling = get(HANDSHAKE, Map.of("Origin", "http://evil.example"));
        assertThat(polling.status()).isEqualTo(403);
        assertThat(polling.text()).isEqualTo("{\"code\":4,\"message\":\"Origin not allowed\"}");
        assertThat(get(HANDSHAKE, Map.of("Origin", "null")).status()).as("opaque origin").isEqualTo(403);
        assertThat(get(HANDSHAKE, Map.of("Origin", "http://127.0.0.1:1")).status()).as("other port").isEqualTo(403);
        assertThat(server.engine.stats().refusedOrigin()).isEqualTo(5);

        assertThat(upgradeStatus(self)).as("same-origin WebSocket").isEqualTo(101);
        assertThat(get(HANDSHAKE, Map.of("Origin", self)).status()).as("same-origin polling").isEqualTo(200);
        assertThat(upgradeStatus(null)).as("no Origin: not a browser").isEqualTo(101);
        assertThat(get(HANDSHAKE, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void allowCrossOrigin_corsOrAnAllowListOpenTheDefault() throws Exception {
        server = TestServer.start(b -> b.allowCrossOrigin(true));
        assertThat(upgradeStatus("http://evil.example")).isEqualTo(101);
        assertThat(get(HANDSHAKE, Map.of("Origin", "http://evil.example")).status()).isEqualTo(200);
        server.close();

        server = TestServer.start(b -> b.cors(CorsOptions.ANY_ORIGIN));
        assertThat(upgradeStatus("http://other.example")).isEqualTo(101);
        server.close();

        server = TestServer.start(b -> b.allowedOrigins("https://app.example"));
        assertThat(upgradeStatus("https://app.example")).isEqualTo(101);
        assertThat(upgradeStatus("http://127.0.0.1:" + server.port))
                .as("the allowlist is exact: the same origin is not implied").isEqualTo(403);
    }

    @Test
    void sameOriginComparesTheAuthorityWithDefaultPorts() {
        assertThat(EngineServer.sameOrigin("https://Chat.Example", "chat.example")).isTrue();
        assertThat(EngineServer.sameOrigin("https://chat.example", "chat.example:443")).isTrue();
        assertThat(EngineServer.sameOrigin("http://chat.example:80", "chat.example")).isTrue();
        assertThat(EngineServer.sameOrigin("http://chat.example:8080", "chat.example:8080")).isTrue();
        assertThat(EngineServer.sameOrigin("http://chat.example", "chat.example:443")).isFalse();
        assertThat(EngineServer.sameOrigin("http://chat.example.evil", "chat.example")).isFalse();
        assertThat(EngineServer.sameOrigin("http://chat.example", null)).isFalse();
        assertThat(EngineServer.sameOrigin("null", "null")).isFalse();
    }
}
