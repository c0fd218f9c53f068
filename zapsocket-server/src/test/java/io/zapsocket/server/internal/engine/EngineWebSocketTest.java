package io.zapsocket.server.internal.engine;

import io.zapsocket.protocol.Transport;
import io.zapsocket.server.AllowRequest;
import io.zapsocket.server.testing.RawHttp.Pending;
import io.zapsocket.server.testing.RawHttp.Response;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.TestServer;
import io.zapsocket.server.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.zapsocket.server.internal.engine.EngineTestSupport.awaitClosed;
import static io.zapsocket.server.internal.engine.EngineTestSupport.awaitPendingPoll;
import static io.zapsocket.server.internal.engine.EngineTestSupport.awaitUpgrading;
import static io.zapsocket.server.internal.engine.EngineTestSupport.handshake;
import static io.zapsocket.server.internal.engine.EngineTestSupport.poll;
import static io.zapsocket.server.internal.engine.EngineTestSupport.sid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EngineWebSocketTest {
    private TestServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private WsClient open() throws Exception {
        WsClient c = WsClient.connect(server.wsUrl("EIO=4&transport=websocket"));
        assertThat(c.nextText()).startsWith("0{");
        return c;
    }

    private WsClient upgrade(String sid) throws Exception {
        return WsClient.connect(server.wsUrl("EIO=4&transport=websocket&sid=" + sid));
    }

    private static int handshakeStatus(String url) throws Exception {
        try {
            WsClient.attempt(url).get(5, TimeUnit.SECONDS).abort();
            return 101;
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    // ---------------------------------------------------------------- handshake

    @Test
    void handshakeSendsTheOpenPacketAsFirstFrame() throws Exception {
        server = TestServer.start(b -> b.pingInterval(Duration.ofMillis(25000)).pingTimeout(Duration.ofMillis(20000)));
        try (WsClient c = WsClient.connect(server.wsUrl("EIO=4&transport=websocket"))) {
            String open = c.nextText();
            assertThat(open).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[],"
                    + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
            assertThat(server.handler.next()).isEqualTo("open");
            EngineSession s = server.engine.session(sid(open));
            assertThat(s.transport()).isEqualTo(Transport.WEBSOCKET);
            assertThat(s.isWritable()).isTrue();
            assertThat(server.engine.clientsCount(Transport.WEBSOCKET)).isEqualTo(1);
            assertThat(server.engine.clientsCount(Transport.POLLING)).isZero();
        }
    }

    @Test
    void initialPacketIsTheSecondFrame() throws Exception {
        server = TestServer.start(b -> b.initialPacket("hi"));
        try (WsClient c = open()) {
            assertThat(c.nextText()).isEqualTo("4hi");
        }
    }

    @Test
    void refusedHandshakesAre400() throws Exception {
        server = TestServer.start(b -> b);
        assertThat(handshakeStatus(server.wsUrl("transport=websocket"))).isEqualTo(400);
        assertThat(handshakeStatus(server.wsUrl("EIO=abc&transport=websocket"))).isEqualTo(400);
        assertThat(handshakeStatus(server.wsUrl("EIO=4"))).isEqualTo(400);
        assertThat(handshakeStatus(server.wsUrl("EIO=4&transport=abc"))).isEqualTo(400);
        assertThat(handshakeStatus(server.wsUrl("EIO=4&transport=polling"))).isEqualTo(400);
        assertThat(handshakeStatus(server.wsUrl("EIO=4&transport=websocket&sid=unknown"))).isEqualTo(400);
        assertThat(handshakeStatus("ws://127.0.0.1:" + server.port + "/nowhere/")).isEqualTo(404);
        assertThat(server.engine.clientsCount()).isZero();
    }

    @Test
    void upgradeErrorIsARaw400WithTheMessage() throws Exception {
        server = TestServer.start(b -> b);
        Response r = RawHttp.send(server.port, "GET", "/engine.io/?EIO=4&transport=websocket&sid=nope",
                Map.of("Upgrade", "websocket", "Sec-WebSocket-Version", "13", "Sec-WebSocket-Key",
                        "dGhlIHNhbXBsZSBub25jZQ=="), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-type")).isEqualTo("text/html");
        assertThat(r.text()).isEqualTo("Session ID unknown");
    }

    @Test
    void allowRequestGuardsWebSocketHandshakes() throws Exception {
        server = TestServer.start(b -> b.allowRequest(AllowRequest.of(req -> false)));
        assertThat(handshakeStatus(server.wsUrl("EIO=4&transport=websocket"))).isEqualTo(400);
        assertThat(server.engine.clientsCount()).isZero();
    }

    @Test
    void webSocketOnlyServers() throws Exception {
        server = TestServer.start(b -> b.transports(Transport.WEBSOCKET));
        try (WsClient c = open()) {
            c.send("4x");
            assertThat(c.nextText()).isEqualTo("4x");
        }
    }

    // ---------------------------------------------------------------- messages

    @Test
    void echoesTextAndBinaryFrames() throws Exception {
        server = TestServer.start(b -> b);
        try (WsClient c = open()) {
            c.send("4hello");
            assertThat(c.nextText()).isEqualTo("4hello");
            c.sendBinary(new byte[]{1, 2, 3, 4});
            assertThat(c.next()).isEqualTo(new byte[]{1, 2, 3, 4});
            // a base64 binary packet in a text frame is a binary message too
            c.send("bAQIDBA==");
            assertThat(c.next()).isEqualTo(new byte[]{1, 2, 3, 4});
            c.send("4€😀");
            assertThat(c.nextText()).isEqualTo("4€😀");
        }
    }

    @Test
    void attachmentsFollowTheirTextPacketAsBinaryFrames() throws Exception {
        server = TestServer.start(b -> b, s -> new EngineSessionListener() {
            @Override
            public void onMessage(String text) {
                s.send(OutboundMessage.of("52-[\"x\"]", List.of(new byte[]{1}, new byte[]{2, 3}), true));
            }

            @Override
            public void onBinary(byte[] data) {
            }

            @Override
            public void onClose(String reason, String description) {
            }
        });
        try (WsClient c = open()) {
            c.send("4go");
            assertThat(c.nextText()).isEqualTo("452-[\"x\"]");
            assertThat(c.next()).isEqualTo(new byte[]{1});
            assertThat(c.next()).isEqualTo(new byte[]{2, 3});
        }
    }

    @Test
    void fragmentedMessagesAreAggregated() throws Exception {
        server = TestServer.start(b -> b);
        try (WsClient c = open()) {
            c.ws.sendText("4hel", false).get(5, TimeUnit.SECONDS);
            c.ws.sendText("lo", true).get(5, TimeUnit.SECONDS);
            assertThat(c.nextText()).isEqualTo("4hello");
        }
    }

    @Test
    void oversizedMessageClosesWith1009() throws Exception {
        server = TestServer.start(b -> b.maxHttpBufferSize(100));
        try (WsClient c = open()) {
            String sid = server.engine.sessions().iterator().next().id();
            c.send("4" + "x".repeat(99));
            assertThat(c.nextText()).hasSize(100);
            c.send("4" + "x".repeat(100));
            assertThat(c.nextClose().code()).isEqualTo(1009);
            awaitClosed(server, sid);
            assertThat(server.handler.closeReasons).containsEntry(sid, "transport error");
        }
    }

    @Test
    void oversizedFragmentedMessageClosesWith1009() throws Exception {
        server = TestServer.start(b -> b.maxHttpBufferSize(100));
        try (WsClient c = open()) {
            c.ws.sendText("4" + "x".repeat(59), false).get(5, TimeUnit.SECONDS);
            c.ws.sendText("x".repeat(60), true).get(5, TimeUnit.SECONDS);
            assertThat(c.nextClose().code()).isEqualTo(1009);
            await().until(() -> server.engine.clientsCount() == 0);
        }
    }

    @Test
    void invalidPacketClosesTheSession() throws Exception {
        server = TestServer.start(b -> b);
        try (WsClient c = open()) {
            c.send("abc");
            c.nextClose();
            await().until(() -> server.engine.clientsCount() == 0);
            assertThat(server.handler.closeReasons.values()).containsExactly("parse error");
        }
    }

    @Test
    void closePacketClosesTheSession() throws Exception {
        server = TestServer.start(b -> b);
        try (WsClient c = open()) {
            c.send("1");
            c.nextClose();
            await().until(() -> server.engine.clientsCount() == 0);
            assertThat(server.handler.closeReasons.values()).containsExactly("transport close");
        }
    }

    @Test
    void clientCloseFrameClosesTheSession() throws Exception {
        server = TestServer.start(b -> b);
        try (WsClient c = open()) {
            c.ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
            assertThat(c.nextClose().code()).isEqualTo(1000);
            await().until(() -> server.engine.clientsCount() == 0);
            assertThat(server.handler.closeReasons.values()).containsExactly("transport close");
        }
    }

    @Test
    void clientPingIsAnInvalidHeartbeatDirection() throws Exception {
        server = TestServer.start(b -> b);
        try (WsClient c = open()) {
            c.send("2");
            c.nextClose();
            await().until(() -> server.engine.clientsCount() == 0);
            assertThat(server.handler.closeReasons.values()).containsExactly("transport error");
        }
    }

    @Test
    void serverCloseFlushesThenSendsCloseThenCloses() throws Exception {
        server = TestServer.start(b -> b);
        try (WsClient c = open()) {
            EngineSession s = server.engine.sessions().iterator().next();
            s.send(OutboundMessage.text("bye"));
            s.close();
            assertThat(c.nextText()).isEqualTo("4bye");
            assertThat(c.nextText()).isEqualTo("1");
            c.nextClose();
            awaitClosed(server, s.id());
            assertThat(server.handler.closeReasons).containsEntry(s.id(), "forced close");
        }
    }

    // ---------------------------------------------------------------- heartbeat

    @Test
    void pingsAndPongsThenPingTimeout() throws Exception {
        server = TestServer.start(b -> b.pingInterval(Duration.ofMillis(100)).pingTimeout(Duration.ofMillis(150)));
        try (WsClient c = open()) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.nextText()).isEqualTo("2");
                c.send("3");
            }
            assertThat(c.nextText()).isEqualTo("2");
            // no pong: closed after pingTimeout
            c.nextClose();
            await().until(() -> server.engine.clientsCount() == 0);
            assertThat(server.handler.closeReasons.values()).containsExactly("ping timeout");
        }
    }

    // ---------------------------------------------------------------- upgrade

    @Test
    void upgradesFromPollingToWebSocket() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        Pending pendingPoll = RawHttp.start(server.port, "GET", poll(sid), Map.of(), null);
        awaitPendingPoll(server, sid);
        try (WsClient c = upgrade(sid)) {
            awaitUpgrading(server, sid, true);
            c.send("2probe");
            assertThat(c.nextText()).isEqualTo("3probe");
            // the pending poll and any new one are ended with a noop
            assertThat(pendingPoll.response.get(5, TimeUnit.SECONDS).text()).isEqualTo("6");
            assertThat(RawHttp.get(server.port, poll(sid)).text()).isEqualTo("6");
            // packets queued during the upgrade are flushed over the WebSocket once it completes
            server.engine.session(sid).send(OutboundMessage.text("queued"));
            c.send("5");
            assertThat(c.nextText()).isEqualTo("4queued");
            assertThat(server.handler.next()).isEqualTo("open");
            assertThat(server.handler.next()).isEqualTo("upgrade:websocket");
            assertThat(server.engine.session(sid).transport()).isEqualTo(Transport.WEBSOCKET);
            assertThat(server.engine.clientsCount(Transport.WEBSOCKET)).isEqualTo(1);
            assertThat(server.engine.clientsCount(Transport.POLLING)).isZero();
            c.send("4hello");
            assertThat(c.nextText()).isEqualTo("4hello");
            // polling requests with the sid are a transport mismatch now
            Response get = RawHttp.get(server.port, poll(sid));
            assertThat(get.status()).isEqualTo(400);
            assertThat(get.text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
            assertThat(RawHttp.post(server.port, poll(sid), "4x").text())
                    .isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
            // a second WebSocket with the same sid is closed; the first one keeps working
            try (WsClient second = upgrade(sid)) {
                second.nextClose();
            }
            c.send("4still");
            assertThat(c.nextText()).isEqualTo("4still");
        }
        awaitClosed(server, sid);
        assertThat(server.handler.closeReasons).containsEntry(sid, "transport close");
    }

    @Test
    void aPollRacingTheUpgradePacketIsAnsweredAsAfterTheUpgrade() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        try (WsClient c = upgrade(sid)) {
            c.send("2probe");
            assertThat(c.nextText()).isEqualTo("3probe");
            // a poll sent after the probe is held briefly (Node answers it from a 100 ms check) ...
            Pending racing = RawHttp.start(server.port, "GET", poll(sid), Map.of(), null);
            awaitPendingPoll(server, sid);
            // ... so that a "5" processed meanwhile wins: the poll is then a transport mismatch
            c.send("5");
            Response r = racing.response.get(5, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
            c.send("4hello");
            assertThat(c.nextText()).isEqualTo("4hello");
        }
    }

    @Test
    void upgradeTimeoutClosesTheWebSocketAndKeepsTheSession() throws Exception {
        server = TestServer.start(b -> b.upgradeTimeout(Duration.ofMillis(200)));
        String sid = handshake(server);
        try (WsClient c = upgrade(sid)) {
            c.nextClose();
        }
        awaitUpgrading(server, sid, false);
        assertThat(RawHttp.post(server.port, poll(sid), "4x").text()).isEqualTo("ok");
        assertThat(RawHttp.get(server.port, poll(sid)).text()).isEqualTo("4x");
    }

    @Test
    void unexpectedPacketDuringUpgradeCancelsIt() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        try (WsClient c = upgrade(sid)) {
            c.send("2probe");
            assertThat(c.nextText()).isEqualTo("3probe");
            c.send("4too early");
            c.nextClose();
        }
        awaitUpgrading(server, sid, false);
        assertThat(server.engine.session(sid).transport()).isEqualTo(Transport.POLLING);
        assertThat(RawHttp.post(server.port, poll(sid), "4x").text()).isEqualTo("ok");
    }

    @Test
    void secondWebSocketDuringAnUpgradeIsClosed() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        try (WsClient first = upgrade(sid)) {
            awaitUpgrading(server, sid, true);
            try (WsClient second = upgrade(sid)) {
                second.nextClose();
            }
            first.send("2probe");
            assertThat(first.nextText()).isEqualTo("3probe");
            first.send("5");
            first.send("4ok");
            assertThat(first.nextText()).isEqualTo("4ok");
        }
    }

    @Test
    void upgradesAreRefusedWhenDisabled() throws Exception {
        server = TestServer.start(b -> b.allowUpgrades(false));
        String sid = handshake(server);
        try (WsClient c = upgrade(sid)) {
            c.nextClose();
        }
        assertThat(server.engine.session(sid).transport()).isEqualTo(Transport.POLLING);
    }

    @Test
    void closingTheSessionDuringAnUpgradeClosesTheWebSocket() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        try (WsClient c = upgrade(sid)) {
            awaitUpgrading(server, sid, true);
            c.send("2probe");
            assertThat(c.nextText()).isEqualTo("3probe");
            Pending p = RawHttp.start(server.port, "GET", poll(sid), Map.of(), null);
            assertThat(p.response.get(5, TimeUnit.SECONDS).text()).isEqualTo("6");
            server.engine.closeAll().get(5, TimeUnit.SECONDS);
            c.awaitClose();
        }
        assertThatThrownBy(() -> assertThat(server.engine.session(sid)).isNotNull()).isInstanceOf(AssertionError.class);
    }

    @Test
    void aGracefulCloseDuringAnUpgradeIsDeliveredWhereTheClientSwitched() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        try (WsClient c = upgrade(sid)) {
            awaitUpgrading(server, sid, true);
            c.send("2probe");
            assertThat(c.nextText()).isEqualTo("3probe");
            // the client has paused polling; the server sends a last message and closes gracefully ...
            server.engine.session(sid).send(OutboundMessage.text("bye"));
            server.engine.session(sid).close();
            // ... while the client's "5" is already on its way: the buffer and the close go to the WebSocket
            c.send("5");
            assertThat(c.nextText()).isEqualTo("4bye");
            assertThat(c.nextText()).isEqualTo("1");
            c.awaitClose();
        }
        awaitClosed(server, sid);
        assertThat(server.handler.closeReasons).containsEntry(sid, "forced close");
    }

    @Test
    void aGracefulCloseDuringAnUpgradeIsDeliveredToTheNextPollIfTheProbeFails() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        try (WsClient c = upgrade(sid)) {
            awaitUpgrading(server, sid, true);
            c.send("2probe");
            assertThat(c.nextText()).isEqualTo("3probe");
            server.engine.session(sid).send(OutboundMessage.text("bye"));
            server.engine.session(sid).close();
            // the client stays on polling: its next poll gets the buffer, the one after it the close
            assertThat(RawHttp.get(server.port, poll(sid)).text()).isEqualTo("4bye");
            assertThat(RawHttp.get(server.port, poll(sid)).text()).isEqualTo("1");
        }
        awaitClosed(server, sid);
    }
}
