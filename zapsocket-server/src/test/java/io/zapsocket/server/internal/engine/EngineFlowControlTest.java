package io.zapsocket.server.internal.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.zapsocket.server.Priority;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.TestServer;
import io.zapsocket.server.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static io.zapsocket.server.internal.engine.EngineTestSupport.awaitClosed;
import static io.zapsocket.server.internal.engine.EngineTestSupport.handshake;
import static io.zapsocket.server.internal.engine.EngineTestSupport.poll;
import static io.zapsocket.server.internal.engine.EngineTestSupport.session;
import static io.zapsocket.server.internal.engine.EngineTestSupport.sid;
import static org.assertj.core.api.Assertions.assertThat;

/** Backpressure and priorities: volatile drops, LOW-priority drops, the slow-client budget, priority order. */
class EngineFlowControlTest {
    /** Small bounds: writable below 1 KiB, LOW dropped above 2 KiB, slow client above 4 KiB or 50 packets. */
    private static final UnaryOperator<ServerOptions.Builder> SMALL = b -> b
            .writeBufferHighWaterMark(1024)
            .lowPriorityBufferedBytes(2048)
            .maxBufferedBytes(4096)
            .maxBufferedPackets(50);

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static OutboundMessage msg(String text, Priority p) {
        return OutboundMessage.text(text).withFlags(true, false, p);
    }

    private static String filler(String name, int bytes) {
        return name + "x".repeat(bytes - name.length() - 1); // "4" + text = bytes
    }

    /** Runs on the session's loop, all in one tick. */
    private static void onLoop(DefaultEngineSession s, Runnable r) throws Exception {
        s.eventLoop().submit(r).get(5, TimeUnit.SECONDS);
    }

    private String get(String sid) throws Exception {
        RawHttp.Response r = RawHttp.get(server.port, poll(sid));
        assertThat(r.status()).isEqualTo(200);
        return r.text();
    }

    @Test
    void queuedHighPriorityPacketsLeaveFirstWithTheirAttachments() throws Exception {
        server = TestServer.start(b -> b);
        String sid = handshake(server);
        DefaultEngineSession s = session(server, sid);
        onLoop(s, () -> {
            s.send(msg("n1", Priority.NORMAL));
            s.send(msg("l1", Priority.LOW));
            s.send(OutboundMessage.of("h1", List.of(new byte[]{1, 2}), true).withFlags(true, false, Priority.HIGH));
            s.send(msg("n2", Priority.NORMAL));
            s.send(msg("h2", Priority.HIGH));
        });
        assertThat(get(sid)).isEqualTo("4h1\u001ebAQI=\u001e4h2\u001e4n1\u001e4n2\u001e4l1");
    }

    @Test
    void volatileMessagesAreDroppedWhileTheTransportIsNotWritable() throws Exception {
        server = TestServer.start(SMALL);
        String sid = handshake(server);
        DefaultEngineSession s = session(server, sid);
        OutboundMessage tick = OutboundMessage.text("tick").withFlags(true, true, Priority.NORMAL);

        onLoop(s, () -> s.send(tick)); // writable: queued
        assertThat(s.isWritable()).isTrue();
        onLoop(s, () -> s.send(OutboundMessage.text(filler("big", 1500))));
        assertThat(s.isWritable()).isFalse();
        onLoop(s, () -> s.send(tick)); // over the high water mark: dropped

        assertThat(server.engine.stats().volatileDrops()).isEqualTo(1);
        assertThat(get(sid)).isEqualTo("4tick\u001e4" + filler("big", 1500));
        assertThat(s.isWritable()).isTrue();
    }

    @Test
    void lowPriorityPacketsAreDroppedOldestFirstAboveTheSoftLimit() throws Exception {
        server = TestServer.start(SMALL);
        String sid = handshake(server);
        DefaultEngineSession s = session(server, sid);
        onLoop(s, () -> {
            s.send(msg(filler("a", 1000), Priority.LOW));
            s.send(msg(filler("n", 500), Priority.NORMAL));
            s.send(msg(filler("b", 1000), Priority.LOW)); // 2500 > 2048: "a" goes
            s.send(msg(filler("c", 1000), Priority.LOW)); // 2500 > 2048: "b" goes
        });
        assertThat(server.engine.stats().lowPriorityDrops()).isEqualTo(2);
        assertThat(get(sid)).isEqualTo("4" + filler("n", 500) + "\u001e4" + filler("c", 1000));
        assertThat(server.engine.session(sid)).isNotNull();
    }

    @Test
    void overTheByteBudgetTheConnectionIsClosedAsSlowClient() throws Exception {
        server = TestServer.start(SMALL);
        String sid = handshake(server);
        DefaultEngineSession s = session(server, sid);
        onLoop(s, () -> {
            for (int i = 0; i < 5; i++) {
                s.send(msg(filler("m" + i, 1000), Priority.NORMAL)); // the 5th makes 5000 > 4096
            }
        });
        awaitClosed(server, sid);
        assertThat(server.handler.closeReasons.get(sid)).isEqualTo("slow client");
        assertThat(server.engine.stats().slowClientDisconnects()).isEqualTo(1);
        assertThat(RawHttp.get(server.port, poll(sid)).status()).isEqualTo(400);
    }

    @Test
    void overThePacketBudgetTheConnectionIsClosedAsSlowClient() throws Exception {
        server = TestServer.start(SMALL);
        String sid = handshake(server);
        DefaultEngineSession s = session(server, sid);
        onLoop(s, () -> {
            for (int i = 0; i < 51; i++) {
                s.send(OutboundMessage.text("m"));
            }
        });
        awaitClosed(server, sid);
        assertThat(server.handler.closeReasons.get(sid)).isEqualTo("slow client");
    }

    @Test
    void aLoneLargeMessageOnAnIdleConnectionIsAccepted() throws Exception {
        server = TestServer.start(SMALL);
        String sid = handshake(server);
        DefaultEngineSession s = session(server, sid);
        String big = filler("big", 10_000);
        onLoop(s, () -> s.send(OutboundMessage.text(big)));
        assertThat(get(sid)).isEqualTo("4" + big);
        assertThat(server.engine.stats().slowClientDisconnects()).isZero();
    }

    @Test
    void aSlowWebSocketIsClosedWhileAFastOneInTheSameBroadcastGetsEverything() throws Exception {
        server = TestServer.start(b -> b.writeBufferHighWaterMark(8 * 1024).lowPriorityBufferedBytes(16 * 1024)
                .maxBufferedBytes(64 * 1024));
        try (WsClient fast = WsClient.connect(server.wsUrl("EIO=4&transport=websocket"));
             Socket slow = new Socket()) {
            DefaultEngineSession fastSession = session(server, sid(fast.nextText()));
            slow.setReceiveBufferSize(4096);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", server.port));
            DefaultEngineSession slowSession = session(server, openRawWebSocket(slow));
            Channel slowChannel = slowSession.wsChannel();
            slowChannel.config().setOption(ChannelOption.SO_SNDBUF, 8192); // fill the kernel buffers sooner

            // the same shared message to both sessions, 10 KiB each time, until the slow one is gone
            OutboundMessage payload = OutboundMessage.text(filler("p", 10 * 1024));
            int sent = 0;
            int maxHeld = 0;
            while (server.engine.session(slowSession.id()) != null && sent < 3000) {
                onLoop(slowSession, () -> slowSession.send(payload));
                onLoop(fastSession, () -> fastSession.send(payload));
                sent++;
                assertThat(fast.next()).isEqualTo("4" + filler("p", 10 * 1024));
                maxHeld = Math.max(maxHeld, slowSession.eventLoop().submit(() -> slowSession.queue().entries())
                        .get(5, TimeUnit.SECONDS));
            }
            awaitClosed(server, slowSession.id());
            assertThat(server.handler.closeReasons.get(slowSession.id())).isEqualTo("slow client");
            assertThat(maxHeld).as("messages held in the session while the socket was not writable").isPositive();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> !slowChannel.isActive());

            // the fast client got every message and is still connected
            onLoop(fastSession, () -> fastSession.send(OutboundMessage.text("still here")));
            assertThat(fast.nextText()).isEqualTo("4still here");
            assertThat(fastSession.isOpen()).isTrue();
            assertThat(sent).isLessThan(3000);
        }
    }

    @Test
    void aHighPriorityPacketOvertakesPacketsHeldForAWebSocketThatIsNotWritable() throws Exception {
        server = TestServer.start(b -> b.writeBufferHighWaterMark(8 * 1024));
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", server.port));
            slow.setSoTimeout(10_000);
            DefaultEngineSession s = session(server, openRawWebSocket(slow));
            s.wsChannel().config().setOption(ChannelOption.SO_SNDBUF, 8192);

            // normal packets until the session holds some (the socket stopped taking them)
            int n = 0;
            while (n < 2000) {
                String text = "n" + n + "-" + "x".repeat(10_000);
                n++;
                if (s.eventLoop().submit(() -> {
                    s.send(OutboundMessage.text(text));
                    return s.queue().entries();
                }).get(5, TimeUnit.SECONDS) > 1) {
                    break;
                }
            }
            assertThat(n).isLessThan(2000);
            String lastNormal = "4n" + (n - 1) + "-";
            onLoop(s, () -> {
                s.send(msg("after", Priority.NORMAL));
                s.send(msg("urgent", Priority.HIGH));
            });

            // read the stream: the HIGH packet comes before the normal ones that were held
            InputStream in = slow.getInputStream();
            List<String> order = new java.util.ArrayList<>();
            while (!order.contains("4after")) {
                String frame = readTextFrame(in);
                if (frame.equals("4urgent") || frame.equals("4after") || frame.startsWith(lastNormal)) {
                    order.add(frame.startsWith(lastNormal) ? "last normal" : frame);
                }
            }
            assertThat(order).containsExactly("4urgent", "last normal", "4after");
        }
    }

    @Test
    void closingAWebSocketWhoseClientStoppedReadingIsForcedAfterPingTimeout() throws Exception {
        server = TestServer.start(b -> b.writeBufferHighWaterMark(8 * 1024).pingTimeout(Duration.ofMillis(300)));
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", server.port));
            DefaultEngineSession s = session(server, openRawWebSocket(slow));
            Channel ch = s.wsChannel();
            ch.config().setOption(ChannelOption.SO_SNDBUF, 8192);
            // 200 KB: far more than the kernel's buffers on both sides take (the client's 4 KB and the server's 8 KB,
            // each doubled), so the close frame cannot be sent. Stopping at the first unwritable channel is not
            // enough: that can be one 10 KB message, which the kernel then takes whole, and the close with it.
            String text = "x".repeat(10_000);
            for (int i = 0; i < 20; i++) {
                onLoop(s, () -> s.send(OutboundMessage.text(text)));
            }
            org.awaitility.Awaitility.await("the socket stopped taking data").atMost(Duration.ofSeconds(5))
                    .until(() -> !ch.isWritable());

            long start = System.nanoTime();
            s.close(); // graceful: the queue and the close frame go behind what the client does not read
            awaitClosed(server, s.id());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !ch.isActive());
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 3000L);
            assertThat(server.handler.closeReasons.get(s.id())).isEqualTo("forced close");
        }
    }

    @Test
    void aWebSocketClosedAsSoonAsItOpensEndsItsSessionAtOnce() throws Exception {
        server = TestServer.start(b -> b); // pingTimeout 20 s: only the close itself can end the session quickly
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket("127.0.0.1", server.port)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    head.write(in.read());
                }
                // the handshake is complete for the client: close at once (masked close frame, no payload)
                s.getOutputStream().write(new byte[]{(byte) 0x88, (byte) 0x80, 1, 2, 3, 4});
                in.readAllBytes(); // the server echoes the close and ends the connection
            }
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> server.engine.clientsCount() == 0);
        assertThat(server.handler.closeReasons.values()).hasSize(20).containsOnly("transport close");
    }

    /** Reads one unmasked server frame (text, no fragmentation) and returns its text. */
    private static String readTextFrame(InputStream in) throws Exception {
        int b0 = in.read();
        assertThat(b0).isEqualTo(0x81);
        long len = in.read() & 0x7f;
        if (len == 126) {
            len = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | (in.read() & 0xff);
            }
        }
        return new String(in.readNBytes((int) len), StandardCharsets.UTF_8);
    }

    /** WebSocket handshake on a plain socket; returns the sid of the open packet. Reads nothing after it. */
    private String openRawWebSocket(Socket socket) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.read());
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        int b0 = in.read();
        int len = in.read() & 0x7f;
        assertThat(b0).isEqualTo(0x81);
        assertThat(len).isLessThan(126);
        return sid(new String(in.readNBytes(len), StandardCharsets.UTF_8));
    }
}
