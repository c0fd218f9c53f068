package io.zapsocket.server.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.SseAuthorizer;
import io.zapsocket.server.SseOptions;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.RawHttp.Response;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Server-Sent Events: what a subscriber receives (ids, names, JSON data, rooms, except, namespaces), resume by
 * Last-Event-ID with no gap and no duplicate, resync when history is gone, heartbeats, and the documented answer to
 * each bad request; a slow reader is closed.
 */
class SseTest {
    private SocketServer io;
    private int port;

    private void start(boolean recovery, UnaryOperator<SseOptions.Builder> sse) {
        ServerOptions.Builder b = ServerOptions.builder().sse(sse.apply(SseOptions.builder(
                (request, nsp, rooms) -> rooms.contains("secret") && !"yes".equals(request.queryParam("token"))
                        ? CompletableFuture.failedFuture(new SecurityException("no token for secret"))
                        : CompletableFuture.completedFuture(null))).build());
        if (recovery) {
            b.connectionStateRecovery(RecoveryOptions.DEFAULT);
        }
        io = SocketServer.create(b.build());
        io.of("/chat");
        port = io.listen("127.0.0.1", 0).join().getPort();
    }

    @AfterEach
    void stop() {
        if (io != null) {
            io.close().join();
        }
    }

    private String url(String query) {
        return "http://127.0.0.1:" + port + "/zap/sse" + (query.isEmpty() ? "" : "?" + query);
    }

    private SseReader subscribe(String query) throws Exception {
        return subscribe(query, Map.of());
    }

    private SseReader subscribe(String query, Map<String, String> headers) throws Exception {
        SseReader r = SseReader.open(url(query), headers);
        assertThat(r.response.statusCode()).isEqualTo(200);
        assertThat(r.response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(r.response.headers().firstValue("x-accel-buffering")).hasValue("no");
        assertThat(r.comments.poll(5, TimeUnit.SECONDS)).isEqualTo("retry: 2000");
        return r;
    }

    private void awaitSubscribed(int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> io.stats() != null && subscriberCount() >= n);
    }

    private int subscriberCount() {
        // the hub of "/" and "/chat": through a broadcast-free probe, the route's count is not public
        return ((io.zapsocket.server.internal.sio.DefaultSocketServer) io).sseSubscribers();
    }

    @Test
    void roomEventsArriveWithTheirIdsNamesAndJsonData() throws Exception {
        start(true, b -> b);
        try (SseReader news = subscribe("room=news"); SseReader sport = subscribe("rooms=sport,other")) {
            awaitSubscribed(2);
            io.to("news").emit("headline", "hello", Map.of("n", 1));
            io.to("sport").except("other").emit("score", 1);
            io.emit("everyone", true);

            SseReader.Event e = news.next();
            assertThat(e.event()).isEqualTo("headline");
            assertThat(e.data()).isEqualTo("[\"hello\",{\"n\":1}]");
            assertThat(e.id()).isNotBlank();
            assertThat(news.next().event()).isEqualTo("everyone");
            assertThat(sport.next().event()).as("except other: sport's subscriber is in other too")
                    .isEqualTo("everyone");
        }
    }

    @Test
    void aBroadcastIsEncodedOnceForAllItsSubscribersAndArrivesWhole() throws Exception {
        start(false, b -> b);
        try (SseReader a = subscribe("room=fan"); SseReader b = subscribe("room=fan");
                SseReader c = subscribe("rooms=fan,other")) {
            awaitSubscribed(3);
            long before = SseFrames.chunksEncoded();
            int n = 50;
            for (int i = 0; i < n; i++) {
                io.to("fan").emit("m", "héllo ✓ " + i); // multi-byte UTF-8: the chunk size counts bytes
            }
            for (SseReader r : List.of(a, b, c)) {
                for (int i = 0; i < n; i++) {
                    SseReader.Event e = r.next();
                    assertThat(e.event()).isEqualTo("m");
                    assertThat(e.data()).isEqualTo("[\"héllo ✓ " + i + "\"]");
                }
            }
            assertThat(SseFrames.chunksEncoded() - before).as("one encoding per broadcast, not per subscriber")
                    .isEqualTo(n);
        }
    }

    @Test
    void namespacesAreSeparateAndBinaryOrVolatileEventsAreHandled() throws Exception {
        start(true, b -> b);
        try (SseReader chat = subscribe("nsp=/chat&room=r")) {
            awaitSubscribed(1);
            io.to("r").emit("root-only");
            io.of("/chat").to("r").emit("binary", new byte[] {1});
            io.of("/chat").to("r").asVolatile().emit("volatile", 1);
            io.of("/chat").to("r").emit("chat", "x");

            SseReader.Event v = chat.next();
            assertThat(v.event()).isEqualTo("volatile");
            assertThat(v.id()).as("volatile events are not stored: no id").isNull();
            assertThat(chat.next().event()).isEqualTo("chat");
        }
    }

    @Test
    void lastEventIdResumesWithNoGapAndNoDuplicate() throws Exception {
        start(true, b -> b);
        String resumeFrom;
        try (SseReader first = subscribe("room=feed")) {
            awaitSubscribed(1);
            for (int i = 0; i < 3; i++) {
                io.to("feed").emit("n", i);
            }
            first.next();
            resumeFrom = first.next().id(); // after event 1
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> subscriberCount() == 0);
        for (int i = 3; i < 6; i++) {
            io.to("feed").emit("n", i);
        }
        try (SseReader resumed = subscribe("room=feed", Map.of("Last-Event-ID", resumeFrom))) {
            awaitSubscribed(1);
            io.to("feed").emit("n", 6);
            for (int i = 2; i <= 6; i++) {
                assertThat(resumed.next().data()).isEqualTo("[" + i + "]");
            }
            assertThat(resumed.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
        try (SseReader viaQuery = subscribe("room=feed&lastEventId=" + resumeFrom)) {
            assertThat(viaQuery.next().data()).isEqualTo("[2]");
        }
    }

    @Test
    void anUnknownIdOrNoHistoryAsksThePageToResync() throws Exception {
        start(false, b -> b);
        try (SseReader r = subscribe("room=feed", Map.of("Last-Event-ID", "nope"))) {
            SseReader.Event e = r.next();
            assertThat(e.event()).isEqualTo("zap:resync");
            assertThat(e.data()).contains("reason");
            io.to("feed").emit("live", 1);
            SseReader.Event live = r.next();
            assertThat(live.event()).isEqualTo("live");
            assertThat(live.id()).as("without recovery, events have no id").isNull();
        }
    }

    @Test
    void heartbeatsKeepProxiesFromTimingOut() throws Exception {
        start(false, b -> b.heartbeat(Duration.ofMillis(200)));
        try (SseReader r = subscribe("room=quiet")) {
            assertThat(r.comments.poll(3, TimeUnit.SECONDS)).isEqualTo("ping");
        }
    }

    @Test
    void badRequestsGetTheDocumentedAnswers() throws Exception {
        start(false, b -> b.maxRooms(3).maxSubscribers(1));
        error(RawHttp.send(port, "POST", "/zap/sse", Map.of(), new byte[0]), 405, "method_not_allowed");
        error(RawHttp.get(port, "/zap/sse?room=a&room=b&room=c&room=d"), 400, "too_many_rooms");
        error(RawHttp.get(port, "/zap/sse?nsp=chat"), 400, "bad_request");
        error(RawHttp.get(port, "/zap/sse?room=" + "x".repeat(300)), 400, "bad_request");
        error(RawHttp.get(port, "/zap/sse?nsp=/nope"), 404, "unknown_namespace");
        Response forbidden = RawHttp.get(port, "/zap/sse?room=secret");
        error(forbidden, 403, "forbidden");
        assertThat(forbidden.text()).contains("no token for secret");
        try (SseReader ok = subscribe("room=secret&token=yes")) {
            awaitSubscribed(1);
            error(RawHttp.get(port, "/zap/sse?room=a"), 503, "too_many_subscribers");
        }
    }

    @Test
    void theAuthorizerIsRequiredAndThePathMayNotBeInsideSocketIo() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SseOptions.builder(null))
                .isInstanceOf(NullPointerException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerOptions.builder()
                .sse(SseOptions.builder(SseAuthorizer.ALLOW_ALL).path("/socket.io/sse").build()).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReaderThatDoesNotReadIsClosed() throws Exception {
        start(false, b -> b.maxBufferedBytes(64 * 1024));
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.getOutputStream().write("GET /zap/sse?room=flood HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            awaitSubscribed(1);
            String big = "y".repeat(16 * 1024);
            for (int i = 0; i < 400 && subscriberCount() > 0; i++) {
                io.to("flood").emit("big", big);
                Thread.sleep(2);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> subscriberCount() == 0);
            InputStream in = s.getInputStream();
            s.setSoTimeout(10_000);
            byte[] buf = new byte[65536];
            while (in.read(buf) >= 0) {
                // drain until the server's close
            }
        }
    }

    private static void error(Response r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.text()).startsWith("{\"error\":\"" + code + "\"");
    }

    @SuppressWarnings("unused")
    private static List<String> unused() {
        return List.of();
    }
}
