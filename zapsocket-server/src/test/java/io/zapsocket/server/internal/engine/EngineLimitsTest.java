package io.zapsocket.server.internal.engine;

import io.zapsocket.server.RateLimit;
import io.zapsocket.server.testing.RawHttp.Response;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.zapsocket.server.internal.engine.EngineTestSupport.awaitClosed;
import static io.zapsocket.server.internal.engine.EngineTestSupport.awaitPendingPoll;
import static io.zapsocket.server.internal.engine.EngineTestSupport.handshake;
import static io.zapsocket.server.internal.engine.EngineTestSupport.path;
import static io.zapsocket.server.internal.engine.EngineTestSupport.poll;
import static io.zapsocket.server.internal.engine.EngineTestSupport.session;
import static org.assertj.core.api.Assertions.assertThat;

/** maxConnections, the per-IP handshake rate limit (and trusted proxies), the origin allowlist and the keep-alive timeout. */
class EngineLimitsTest {
    private static final String HANDSHAKE = path("EIO=4&transport=polling");
    private static final String WS_HANDSHAKE = path("EIO=4&transport=websocket");
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> upgradeHeaders(String origin) {
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

    // ---------------------------------------------------------------- maxConnections

    @Test
    void handshakesBeyondMaxConnectionsGet503UntilOneCloses() throws Exception {
        server = TestServer.start(b -> b.maxConnections(2));
        String first = handshake(server);
        handshake(server);

        Response refused = get(HANDSHAKE, Map.of());
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("content-type")).isEqualTo("application/json");
        assertThat(refused.text()).isEqualTo("{\"code\":6,\"message\":\"Too many connections\"}");
        Response ws = get(WS_HANDSHAKE, upgradeHeaders(null));
        assertThat(ws.status()).isEqualTo(503);
        assertThat(ws.text()).isEqualTo("Too many connections");
        assertThat(server.engine.clientsCount()).isEqualTo(2);
        assertThat(server.engine.stats().refusedTooManyConnections()).isEqualTo(2);

        // requests of existing sessions are not affected
        assertThat(RawHttp.post(server.port, poll(first), "1").status()).isEqualTo(200);
        awaitClosed(server, first);
        assertThat(get(HANDSHAKE, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aWebSocketHandshakeHoldsItsSlot() throws Exception {
        server = TestServer.start(b -> b.maxConnections(1));
        try (var c = io.zapsocket.server.testing.WsClient.connect(server.wsUrl("EIO=4&transport=websocket"))) {
            c.nextText();
            assertThat(get(HANDSHAKE, Map.of()).status()).isEqualTo(503);
        }
        org.awaitility.Awaitility.await().until(() -> server.engine.clientsCount() == 0);
        assertThat(get(HANDSHAKE, Map.of()).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- rate limit

    @Test
    void handshakesPerAddressAreRateLimitedWith429() throws Exception {
        server = TestServer.start(b -> b.handshakeRateLimit(RateLimit.of(1, Duration.ofSeconds(2)).withBurst(2))
                .rateLimitLoopback(true));
        String sid = handshake(server);
        handshake(server);

        Response refused = get(HANDSHAKE, Map.of());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text()).isEqualTo("{\"code\":7,\"message\":\"Too many requests\"}");
        assertThat(get(WS_HANDSHAKE, upgradeHeaders(null)).status()).isEqualTo(429);
        assertThat(server.engine.stats().refusedRateLimited()).isEqualTo(2);

        // the sessions themselves keep working
        assertThat(RawHttp.post(server.port, poll(sid), "4hi").status()).isEqualTo(200);
        assertThat(get(poll(sid), Map.of()).text()).isEqualTo("4hi");
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBucketAndAddress() throws Exception {
        server = TestServer.start(b -> b.handshakeRateLimit(RateLimit.of(1, Duration.ofSeconds(2)))
                .trustedProxies("127.0.0.0/8"));
        Response a = get(HANDSHAKE, Map.of("X-Forwarded-For", "203.0.113.7"));
        Response b = get(HANDSHAKE, Map.of("X-Forwarded-For", "198.51.100.2, 127.0.0.1"));
        assertThat(a.status()).isEqualTo(200);
        assertThat(b.status()).as("another client behind the same proxy").isEqualTo(200);
        assertThat(get(HANDSHAKE, Map.of("X-Forwarded-For", "203.0.113.7")).status()).isEqualTo(429);

        var info = session(server, EngineTestSupport.sid(a.text())).request();
        assertThat(info.address()).isEqualTo("203.0.113.7");
        assertThat(info.peerAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(session(server, EngineTestSupport.sid(b.text())).request().address()).isEqualTo("198.51.100.2");
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        server = TestServer.start(b -> b.handshakeRateLimit(RateLimit.of(1, Duration.ofSeconds(2)))
                .rateLimitLoopback(true));
        Response a = get(HANDSHAKE, Map.of("X-Forwarded-For", "203.0.113.7"));
        assertThat(a.status()).isEqualTo(200);
        assertThat(session(server, EngineTestSupport.sid(a.text())).request().address()).isEqualTo("127.0.0.1");
        assertThat(get(HANDSHAKE, Map.of("X-Forwarded-For", "198.51.100.2")).status())
                .as("a spoofed header does not buy a new bucket").isEqualTo(429);
    }

    // ---------------------------------------------------------------- origins

    @Test
    void disallowedOriginsGet403OnPollingAndWebSocket() throws Exception {
        server = TestServer.start(b -> b.allowedOrigins("https://good.example", "http://localhost:8080"));

        Response ws = get(WS_HANDSHAKE, upgradeHeaders("https://evil.example"));
        assertThat(ws.status()).isEqualTo(403);
        assertThat(ws.text()).isEqualTo("Origin not allowed");
        Response polling = get(HANDSHAKE, Map.of("Origin", "https://evil.example"));
        assertThat(polling.status()).isEqualTo(403);
        assertThat(polling.text()).isEqualTo("{\"code\":4,\"message\":\"Origin not allowed\"}");
        assertThat(get(HANDSHAKE, Map.of("Origin", "https://good.example.evil.example")).status()).isEqualTo(403);
        assertThat(server.engine.stats().refusedOrigin()).isEqualTo(3);

        assertThat(get(HANDSHAKE, Map.of("Origin", "https://GOOD.example")).status()).isEqualTo(200);
        assertThat(get(HANDSHAKE, Map.of("Origin", "http://localhost:8080")).status()).isEqualTo(200);
        assertThat(get(HANDSHAKE, Map.of()).status()).as("no Origin: not a browser").isEqualTo(200);
        try (Socket ws2 = connect(server.port)) {
            write(ws2, "GET " + WS_HANDSHAKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nOrigin: https://good.example\r\n\r\n");
            byte[] status = statusLine(ws2.getInputStream());
            assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
        }
    }

    @Test
    void requestsOfAnExistingSessionFromAnotherOriginAreRefused() throws Exception {
        server = TestServer.start(b -> b.allowedOrigins("https://good.example"));
        String sid = handshake(server);
        assertThat(get(poll(sid), Map.of("Origin", "https://evil.example")).status()).isEqualTo(403);
    }

    // ---------------------------------------------------------------- keep-alive timeout

    private static Socket connect(int port) throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        return s;
    }

    private static void write(Socket s, String request) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String keepAliveGet(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    private static byte[] statusLine(InputStream in) throws Exception {
        return in.readNBytes(12);
    }

    /** Milliseconds until the server closes the connection. */
    private static long millisUntilClosed(InputStream in) throws Exception {
        long start = System.nanoTime();
        assertThat(in.read()).as("end of stream").isEqualTo(-1);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void idleKeepAliveConnectionsAreClosedAfterTheTimeout() throws Exception {
        server = TestServer.start(b -> b.httpKeepAliveTimeout(Duration.ofMillis(300)));
        try (Socket s = connect(server.port)) {
            write(s, keepAliveGet(HANDSHAKE));
            InputStream in = s.getInputStream();
            assertThat(RawHttp.read(in).status()).isEqualTo(200);
            assertThat(millisUntilClosed(in)).isBetween(200L, 3000L);
        }
        try (Socket s = connect(server.port)) {
            // connected, never sent a request
            assertThat(millisUntilClosed(s.getInputStream())).isBetween(200L, 3000L);
        }
    }

    @Test
    void aPendingLongPollIsNotIdle() throws Exception {
        server = TestServer.start(b -> b.httpKeepAliveTimeout(Duration.ofMillis(200)));
        String sid = handshake(server);
        try (Socket s = connect(server.port)) {
            write(s, keepAliveGet(poll(sid)));
            awaitPendingPoll(server, sid);
            Thread.sleep(600); // three timeouts: the poll is a request in progress
            DefaultEngineSession session = session(server, sid);
            session.send(OutboundMessage.text("late"));
            Response r = RawHttp.read(s.getInputStream());
            assertThat(r.text()).isEqualTo("4late");
            // then idle: closed
            assertThat(millisUntilClosed(s.getInputStream())).isLessThan(3000L);
        }
    }
}
