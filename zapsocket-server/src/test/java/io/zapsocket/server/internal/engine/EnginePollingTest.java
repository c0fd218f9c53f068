package io.zapsocket.server.internal.engine;

import io.zapsocket.protocol.Transport;
import io.zapsocket.server.AllowRequest;
import io.zapsocket.server.CookieOptions;
import io.zapsocket.server.CorsOptions;
import io.zapsocket.server.RequestInfo;
import io.zapsocket.server.testing.RawHttp.Pending;
import io.zapsocket.server.testing.RawHttp.Response;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.zapsocket.server.internal.engine.EngineTestSupport.awaitClosed;
import static io.zapsocket.server.internal.engine.EngineTestSupport.awaitPendingPoll;
import static io.zapsocket.server.internal.engine.EngineTestSupport.handshake;
import static io.zapsocket.server.internal.engine.EngineTestSupport.path;
import static io.zapsocket.server.internal.engine.EngineTestSupport.poll;
import static io.zapsocket.server.internal.engine.EngineTestSupport.sid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EnginePollingTest {
    private TestServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Response get(TestServer s, String target) throws Exception {
        return RawHttp.get(s.port, target);
    }

    private static Response post(TestServer s, String target, String body) throws Exception {
        return RawHttp.post(s.port, target, body);
    }

    private static Pending pendingGet(TestServer s, String sid) throws Exception {
        return RawHttp.start(s.port, "GET", poll(sid), Map.of(), null);
    }

    private static void assertError(Response r, int status, int code, String message) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.text()).isEqualTo("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
    }

    // ---------------------------------------------------------------- handshake

    @Test
    void handshakeAnswersTheOpenPacketWithExactlyTheFiveKeys() throws Exception {
        server = TestServer.start(b -> b.pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(200)));
        Response r = get(server, path("EIO=4&transport=polling"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(r.header("cache-control")).isEqualTo("no-store");
        assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(r.body().length));
        assertThat(r.header("Set-Cookie")).isNull();
        assertThat(r.text()).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"],"
                + "\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}");
        assertThat(server.handler.next()).isEqualTo("open");
        String sid = sid(r.text());
        assertThat(server.engine.clientsCount()).isEqualTo(1);
        assertThat(server.engine.clientsCount(Transport.POLLING)).isEqualTo(1);
        assertThat(server.engine.clientsCount(Transport.WEBSOCKET)).isZero();
        EngineSession session = server.engine.session(sid);
        assertThat(session.transport()).isEqualTo(Transport.POLLING);
        assertThat(session.request().queryParam("EIO")).isEqualTo("4");
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void sessionIdsAreUnique() throws Exception {
        server = TestServer.start(b -> b);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(handshake(server));
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(server.engine.clientsCount()).isEqualTo(20);
    }

    @Test
    void noUpgradesAreAdvertisedWhenUpgradesOrWebSocketAreDisabled() throws Exception {
        server = TestServer.start(b -> b.allowUpgrades(false));
        assertThat(get(server, path("EIO=4&transport=polling")).text()).contains("\"upgrades\":[]");
        server.close();
        server = TestServer.start(b -> b.transports(Transport.POLLING));
        assertThat(get(server, path("EIO=4&transport=polling")).text()).contains("\"upgrades\":[]");
    }

    @Test
    void initialPacketFollowsTheOpenPacket() throws Exception {
        server = TestServer.start(b -> b.initialPacket("welcome"));
        assertThat(get(server, path("EIO=4&transport=polling")).text()).startsWith("0{").endsWith("}\u001e4welcome");
    }

    @Test
    void setsTheCookieOnTheHandshakeOnly() throws Exception {
        server = TestServer.start(b -> b.cookie(CookieOptions.DEFAULT));
        Response r = get(server, path("EIO=4&transport=polling"));
        String sid = sid(r.text());
        assertThat(r.header("Set-Cookie")).isEqualTo("io=" + sid + "; Path=/; HttpOnly; SameSite=Lax");
        assertThat(post(server, poll(sid), "4x").header("Set-Cookie")).isNull();
    }

    @Test
    void servesThePathWithoutItsTrailingSlashButNotOthers() throws Exception {
        server = TestServer.start(b -> b);
        assertThat(get(server, "/engine.io?EIO=4&transport=polling").status()).isEqualTo(200);
        assertThat(get(server, "/engine.iox?EIO=4&transport=polling").status()).isEqualTo(404);
        assertThat(get(server, "/other/?EIO=4&transport=polling").status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- errors

    @Test
    void answersEveryVerificationErrorLikeEngineIo() throws Exception {
        server = TestServer.start(b -> b);
        assertError(get(server, path("transport=polling")), 400, 5, "Unsupported protocol version");
        assertError(get(server, path("EIO=abc&transport=polling")), 400, 5, "Unsupported protocol version");
        assertError(get(server, path("EIO=3&transport=polling")), 400, 5, "Unsupported protocol version");
        assertError(get(server, path("EIO=4")), 400, 0, "Transport unknown");
        assertError(get(server, path("EIO=4&transport=abc")), 400, 0, "Transport unknown");
        assertError(RawHttp.send(server.port, "POST", path("EIO=4&transport=polling"), Map.of(), new byte[0]),
                400, 2, "Bad handshake method");
        assertError(RawHttp.send(server.port, "PUT", path("EIO=4&transport=polling"), Map.of(), null),
                400, 2, "Bad handshake method");
        assertError(get(server, path("EIO=4&transport=polling&sid=nope")), 400, 1, "Session ID unknown");
        assertError(get(server, path("EIO=4&transport=websocket")), 400, 3, "Bad request");
        assertThat(server.engine.clientsCount()).isZero();
    }

    @Test
    void disabledTransportsAreUnknown() throws Exception {
        server = TestServer.start(b -> b.transports(Transport.WEBSOCKET));
        assertError(get(server, path("EIO=4&transport=polling")), 400, 0, "Transport unknown");
    }

    @Test
    void unsupportedMethodWithSidIs500() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        Response r = RawHttp.send(server.port, "PUT", poll(sid), Map.of(), new byte[0]);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEmpty();
        assertThat(server.engine.session(sid)).isNotNull();
    }

    @Test
    void originWithInvalidCharactersIsRefused() throws Exception {
        assertThat(EngineServer.hasInvalidHeaderChar("https://example.com")).isFalse();
        assertThat(EngineServer.hasInvalidHeaderChar("a\tb\u00e9")).isFalse();
        assertThat(EngineServer.hasInvalidHeaderChar("a\u007fb")).isTrue();
        assertThat(EngineServer.hasInvalidHeaderChar("a\u0001b")).isTrue();
        assertThat(EngineServer.hasInvalidHeaderChar("\u20ac")).isTrue();
        server = TestServer.start(b -> b);
        Response r = RawHttp.send(server.port, "GET", path("EIO=4&transport=polling"),
                Map.of("Origin", "http://a\u007fb"), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(server.engine.clientsCount()).isZero();
    }

    // ---------------------------------------------------------------- messages

    @Test
    void echoesTextAndBinaryPacketsOfAPost() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        Response ok = post(server, poll(sid), "4hello\u001ebAQIDBA==");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.status() + " " + ok.text()).isEqualTo("200 ok");
        assertThat(ok.header("Content-Type")).isEqualTo("text/html");
        // the echoes were queued before the "ok": one GET returns them all
        assertThat(get(server, poll(sid)).text()).isEqualTo("4hello\u001ebAQIDBA==");
        assertThat(server.handler.next()).isEqualTo("open");
        assertThat(server.handler.next()).isEqualTo("message:hello");
        assertThat(server.handler.next()).isEqualTo("binary:01020304");
    }

    @Test
    void decodesUtf8Payloads() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        post(server, poll(sid), "4h€llo 😀");
        Response r = get(server, poll(sid));
        assertThat(r.text()).isEqualTo("4h€llo 😀");
        assertThat(r.header("Content-Length")).isEqualTo(String.valueOf("4h€llo 😀".getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void packetsQueuedInOneTickGoToAPendingPollInOnePayload() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        Pending poll = pendingGet(server, sid);
        awaitPendingPoll(server, sid);
        post(server, poll(sid), "4a\u001e4b\u001e4c");
        assertThat(poll.response.get(5, TimeUnit.SECONDS).text()).isEqualTo("4a\u001e4b\u001e4c");
    }

    @Test
    void sendsFromAnyThreadArriveInOrder() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        EngineSession session = server.engine.session(sid);
        Thread t = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                session.send(OutboundMessage.text("m" + i));
            }
        });
        t.start();
        t.join();
        List<String> got = new ArrayList<>();
        while (got.size() < 200) {
            for (String p : get(server, poll(sid)).text().split("\u001e")) {
                got.add(p);
            }
        }
        for (int i = 0; i < 200; i++) {
            assertThat(got.get(i)).isEqualTo("4m" + i);
        }
    }

    @Test
    void messagesWithAttachmentsAreSentAsTextThenBase64() throws Exception {
        server = TestServer.start(b -> b, s -> new EngineSessionListener() {
            @Override
            public void onMessage(String text) {
                s.send(OutboundMessage.of("51-[\"x\",{\"_placeholder\":true,\"num\":0}]", List.of(new byte[]{1, 2, 3}),
                        true));
            }

            @Override
            public void onBinary(byte[] data) {
            }

            @Override
            public void onClose(String reason, String description) {
            }
        });
        String sid = handshake(server);
        post(server, poll(sid), "4go");
        assertThat(get(server, poll(sid)).text())
                .isEqualTo("451-[\"x\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID");
    }

    @Test
    void invalidPacketClosesTheSession() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        Response r = post(server, poll(sid), "abc");
        assertThat(r.status()).isEqualTo(400);
        assertError(get(server, poll(sid)), 400, 1, "Session ID unknown");
        assertThat(server.handler.closeReasons).containsEntry(sid, "parse error");
    }

    @Test
    void packetsBeforeAnInvalidOneAreDelivered() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        post(server, poll(sid), "4first\u001exyz\u001e4never");
        assertThat(server.handler.next()).isEqualTo("open");
        assertThat(server.handler.next()).isEqualTo("message:first");
        assertThat(server.handler.next()).isEqualTo("close:parse error");
    }

    @Test
    void clientPingIsAnInvalidHeartbeatDirection() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        assertThat(post(server, poll(sid), "2").status()).isEqualTo(200);
        assertThat(get(server, poll(sid)).status()).isEqualTo(400);
        assertThat(server.handler.closeReasons).containsEntry(sid, "transport error");
    }

    @Test
    void octetStreamPostIsRefusedAndClosesTheSession() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        Response r = RawHttp.send(server.port, "POST", poll(sid), Map.of("Content-Type", "application/octet-stream"),
                new byte[]{4, 1, 2});
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEmpty();
        awaitClosed(server, sid);
        assertThat(server.handler.closeReasons).containsEntry(sid, "transport error");
    }

    @Test
    void oversizedPostIs413ByContentLength() throws Exception {
        server = TestServer.start(b -> b.maxHttpBufferSize(100));
        String sid = handshake(server);
        Response r = post(server, poll(sid), "4" + "x".repeat(100));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).isEmpty();
        // the session survives, as in Node
        assertThat(post(server, poll(sid), "4" + "y".repeat(99)).text()).isEqualTo("ok");
        assertThat(get(server, poll(sid)).text()).isEqualTo("4" + "y".repeat(99));
    }

    @Test
    void oversizedStreamedPostIs413() throws Exception {
        server = TestServer.start(b -> b.maxHttpBufferSize(100));
        String sid = handshake(server);
        String head = "POST " + poll(sid) + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        String chunk = "4" + "x".repeat(59);
        String body = "3c\r\n" + chunk + "\r\n3c\r\n" + chunk + "\r\n0\r\n\r\n";
        Response r = RawHttp.startRaw(server.port, head.getBytes(StandardCharsets.US_ASCII),
                body.getBytes(StandardCharsets.US_ASCII)).response.get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Connection")).isEqualTo("close");
        // a chunked body within bounds is fine
        String small = "3c\r\n" + chunk + "\r\n0\r\n\r\n";
        Response ok = RawHttp.startRaw(server.port, head.getBytes(StandardCharsets.US_ASCII),
                small.getBytes(StandardCharsets.US_ASCII)).response.get(5, TimeUnit.SECONDS);
        assertThat(ok.status() + " " + ok.text()).isEqualTo("200 ok");
    }

    // ---------------------------------------------------------------- poll requests

    @Test
    void concurrentPollsCloseTheSession() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        Pending first = pendingGet(server, sid);
        awaitPendingPoll(server, sid);
        Response second = get(server, poll(sid) + "&t=burst");
        assertThat(second.status()).isEqualTo(400);
        Response r = first.response.get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("1");
        assertError(get(server, poll(sid)), 400, 1, "Session ID unknown");
        assertThat(server.handler.closeReasons).containsEntry(sid, "transport error");
    }

    @Test
    void abortedPollClosesTheSession() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        Pending p = pendingGet(server, sid);
        awaitPendingPoll(server, sid);
        p.abort();
        awaitClosed(server, sid);
        assertThat(server.handler.closeReasons).containsEntry(sid, "transport error");
        assertError(get(server, poll(sid)), 400, 1, "Session ID unknown");
    }

    @Test
    void clientCloseAnswersThePendingPollWithNoop() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        Pending p = pendingGet(server, sid);
        awaitPendingPoll(server, sid);
        assertThat(post(server, poll(sid), "1").text()).isEqualTo("ok");
        assertThat(p.response.get(5, TimeUnit.SECONDS).text()).isEqualTo("6");
        assertThat(get(server, poll(sid)).status()).isEqualTo(400);
        assertThat(server.handler.closeReasons).containsEntry(sid, "transport close");
    }

    @Test
    void aPollRacingTheClientCloseGetsTheNoopOnce() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        // the client's close overtook its concurrent poll
        assertThat(post(server, poll(sid), "1").text()).isEqualTo("ok");
        awaitClosed(server, sid);
        Response late = get(server, poll(sid));
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.text()).isEqualTo("6");
        assertError(get(server, poll(sid)), 400, 1, "Session ID unknown");
        assertThat(server.handler.closeReasons).containsEntry(sid, "transport close");
    }

    @Test
    void serverCloseFlushesThenSendsClose() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        EngineSession session = server.engine.session(sid);
        session.send(OutboundMessage.text("bye"));
        session.close();
        session.send(OutboundMessage.text("dropped"));
        // as Node: the buffer, then the close packet in the next poll (in one payload, socket.io-client would report
        // the close before the packets ahead of it)
        assertThat(get(server, poll(sid)).text()).isEqualTo("4bye");
        assertThat(get(server, poll(sid)).text()).isEqualTo("1");
        awaitClosed(server, sid);
        assertThat(server.handler.closeReasons).containsEntry(sid, "forced close");
        assertThat(session.isOpen()).isFalse();
        assertThat(get(server, poll(sid)).status()).isEqualTo(400);
    }

    @Test
    void serverCloseAnswersAPendingPollWithTheBufferAndTheNextWithTheClose() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        Pending p = pendingGet(server, sid);
        awaitPendingPoll(server, sid);
        EngineSession session = server.engine.session(sid);
        session.eventLoop().submit(() -> {
            session.send(OutboundMessage.text("41"));
            session.close();
        }).get(5, TimeUnit.SECONDS);
        assertThat(p.response.get(5, TimeUnit.SECONDS).text()).isEqualTo("441");
        assertThat(session.isOpen()).as("closing: waits for the poll that takes the close packet").isFalse();
        assertThat(get(server, poll(sid)).text()).isEqualTo("1");
        awaitClosed(server, sid);
        assertThat(server.handler.closeReasons).containsEntry(sid, "forced close");
    }

    @Test
    void serverCloseEndsAPendingPoll() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        Pending p = pendingGet(server, sid);
        awaitPendingPoll(server, sid);
        server.engine.session(sid).close();
        assertThat(p.response.get(5, TimeUnit.SECONDS).text()).isEqualTo("1");
        awaitClosed(server, sid);
    }

    @Test
    void closeAllClosesEverySession() throws Exception {
        server = TestServer.start(b -> b);
        String a = handshake(server);
        String b2 = handshake(server);
        Pending p = pendingGet(server, a);
        awaitPendingPoll(server, a);
        server.engine.closeAll().get(5, TimeUnit.SECONDS);
        assertThat(server.engine.clientsCount()).isZero();
        assertThat(server.engine.clientsCount(Transport.POLLING)).isZero();
        assertThat(p.response.get(5, TimeUnit.SECONDS).text()).isEqualTo("1");
        assertThat(server.handler.closeReasons).containsEntry(a, "forced close").containsEntry(b2, "forced close");
    }

    // ---------------------------------------------------------------- heartbeat

    @Test
    void pingsOverPollingAndPongsReArmTheTimer() throws Exception {
        server = TestServer.start(b -> b.pingInterval(Duration.ofMillis(150)).pingTimeout(Duration.ofMillis(300)));
        String sid = handshake(server);
        for (int i = 0; i < 3; i++) {
            Response r = get(server, poll(sid));
            assertThat(r.text()).isEqualTo("2");
            assertThat(post(server, poll(sid), "3").text()).isEqualTo("ok");
        }
        assertThat(server.engine.session(sid).isOpen()).isTrue();
    }

    @Test
    void pingTimeoutClosesTheSessionEvenWithoutAPendingPoll() throws Exception {
        server = TestServer.start(b -> b.pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(200)));
        long start = System.nanoTime();
        String sid = handshake(server);
        awaitClosed(server, sid);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isBetween(480L, 1500L);
        assertThat(server.handler.closeReasons).containsEntry(sid, "ping timeout");
        assertError(get(server, poll(sid)), 400, 1, "Session ID unknown");
    }

    // ---------------------------------------------------------------- CORS, allowRequest

    @Test
    void corsHeadersAndPreflight() throws Exception {
        server = TestServer.start(b -> b.cors(CorsOptions.ANY_ORIGIN));
        Response r = RawHttp.send(server.port, "GET", path("EIO=4&transport=polling"),
                Map.of("Origin", "http://example.com"), null);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
        Response err = RawHttp.send(server.port, "GET", path("EIO=4"), Map.of("Origin", "http://example.com"), null);
        assertThat(err.status()).isEqualTo(400);
        assertThat(err.header("Access-Control-Allow-Origin")).isEqualTo("*");
        Response pre = RawHttp.send(server.port, "OPTIONS", path("EIO=4&transport=polling"),
                Map.of("Origin", "http://example.com", "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "content-type"), null);
        assertThat(pre.status()).isEqualTo(204);
        assertThat(pre.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(pre.header("Access-Control-Allow-Methods")).isEqualTo("GET,HEAD,PUT,PATCH,POST,DELETE");
        assertThat(pre.header("Access-Control-Allow-Headers")).isEqualTo("content-type");
        assertThat(pre.body()).isEmpty();
    }

    @Test
    void corsWithCredentialsReflectsAllowedOriginsOnly() throws Exception {
        server = TestServer.start(b -> b.cors(CorsOptions.builder().origins("https://admin.socket.io")
                .credentials(true).maxAge(Duration.ofSeconds(60)).build()));
        Response ok = RawHttp.send(server.port, "GET", path("EIO=4&transport=polling"),
                Map.of("Origin", "https://admin.socket.io"), null);
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("https://admin.socket.io");
        assertThat(ok.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(ok.header("Vary")).isEqualTo("Origin");
        Response other = RawHttp.send(server.port, "GET", path("EIO=4&transport=polling"),
                Map.of("Origin", "https://evil.example"), null);
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        Response pre = RawHttp.send(server.port, "OPTIONS", path("EIO=4&transport=polling"),
                Map.of("Origin", "https://admin.socket.io"), null);
        assertThat(pre.header("Access-Control-Max-Age")).isEqualTo("60");
    }

    @Test
    void withoutCorsOptionsIsAnOrdinaryBadRequest() throws Exception {
        // allowCrossOrigin: past the same-origin default (OriginDefaultsTest), a preflight is still no handshake
        server = TestServer.start(b -> b.allowCrossOrigin(true));
        Response r = RawHttp.send(server.port, "OPTIONS", path("EIO=4&transport=polling"),
                Map.of("Origin", "http://example.com"), null);
        assertError(r, 400, 2, "Bad handshake method");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void allowRequestRefusesWith403AndItsMessage() throws Exception {
        AtomicReference<RequestInfo> seen = new AtomicReference<>();
        server = TestServer.start(b -> b.allowRequest(req -> {
            seen.set(req);
            if ("yes".equals(req.header("X-Token"))) {
                return CompletableFuture.completedFuture(null);
            }
            // refused later, from another thread
            return CompletableFuture.supplyAsync(() -> {
                throw new AllowRequest.RequestRefusedException("token \"" + req.queryParam("who") + "\" refused");
            });
        }));
        assertError(RawHttp.send(server.port, "GET", path("EIO=4&transport=polling&who=bob"), Map.of(), null),
                403, 4, "token \\\"bob\\\" refused");
        assertThat(seen.get().queryParam("who")).isEqualTo("bob");
        assertThat(seen.get().method()).isEqualTo("GET");
        Response ok = RawHttp.send(server.port, "GET", path("EIO=4&transport=polling"), Map.of("X-Token", "yes"), null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(seen.get().header("x-token")).isEqualTo("yes");
        assertThat(server.engine.clientsCount()).isEqualTo(1);
    }

    @Test
    void synchronousRefusalSaysForbidden() throws Exception {
        server = TestServer.start(b -> b.allowRequest(AllowRequest.of(req -> false)));
        assertError(get(server, path("EIO=4&transport=polling")), 403, 4, "Forbidden");
        assertThat(server.engine.clientsCount()).isZero();
    }

    @Test
    void sessionsWaitUntilTheHandlerIsDoneWithOnOpen() throws Exception {
        server = TestServer.start(b -> b, s -> {
            s.send(OutboundMessage.text("hello from onOpen"));
            return new EngineSessionListener() {
                @Override
                public void onMessage(String text) {
                }

                @Override
                public void onBinary(byte[] data) {
                }

                @Override
                public void onClose(String reason, String description) {
                }
            };
        });
        Response open = get(server, path("EIO=4&transport=polling"));
        // the open packet is answered alone; what onOpen sends goes to the next poll
        assertThat(open.text()).startsWith("0{").doesNotContain("hello");
        assertThat(get(server, poll(sid(open.text()))).text()).isEqualTo("4hello from onOpen");
        await().until(() -> server.engine.clientsCount() == 1);
    }
}
