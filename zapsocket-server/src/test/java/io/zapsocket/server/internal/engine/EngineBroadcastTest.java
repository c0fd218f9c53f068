package io.zapsocket.server.internal.engine;

import io.netty.channel.Channel;
import io.zapsocket.server.CompressionOptions;
import io.zapsocket.server.Priority;
import io.zapsocket.server.testing.JsonPayloads;
import io.zapsocket.server.testing.PerMessageInflater;
import io.zapsocket.server.testing.RawHttp;
import io.zapsocket.server.testing.RawWs;
import io.zapsocket.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.zapsocket.server.internal.engine.EngineTestSupport.handshake;
import static io.zapsocket.server.internal.engine.EngineTestSupport.path;
import static io.zapsocket.server.internal.engine.EngineTestSupport.poll;
import static io.zapsocket.server.internal.engine.EngineTestSupport.session;
import static io.zapsocket.server.internal.engine.EngineTestSupport.sid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same messages sent to sessions of every kind, as a broadcast does (one {@link OutboundMessage} for all): a
 * WebSocket, a WebSocket with permessage-deflate, a polling session and a WebSocket whose channel is not writable.
 * Each gets exactly its bytes: the deflating one compresses what is over the threshold, the polling one gets one
 * payload, the held one gets everything but the volatile message once its channel drains.
 */
class EngineBroadcastTest {
    private static final String JSON = JsonPayloads.users(4 * 1024);
    private TestServer server;
    private final List<RawWs> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (RawWs ws : sockets) {
            ws.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private RawWs connect(Map<String, String> headers) throws Exception {
        RawWs ws = RawWs.connect(server.port, path("EIO=4&transport=websocket"), headers);
        sockets.add(ws);
        assertThat(ws.status).isEqualTo(101);
        return ws;
    }

    private static String openSid(RawWs ws) throws Exception {
        RawWs.Frame open = ws.read();
        assertThat(open.text()).startsWith("0{");
        return sid(open.text());
    }

    /** Sets a user-defined writability bit of the channel, on its loop (false: the channel reports unwritable). */
    private static void writable(Channel ch, boolean writable) throws Exception {
        ch.eventLoop().submit(() -> ch.unsafe().outboundBuffer().setUserDefinedWritability(1, writable))
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void everyKindOfRecipientGetsExactlyItsBytes() throws Exception {
        server = TestServer.start(b -> b.perMessageDeflate(CompressionOptions.DEFAULT));
        RawWs plain = connect(Map.of());
        String plainSid = openSid(plain);
        RawWs deflating = connect(Map.of("Sec-WebSocket-Extensions", "permessage-deflate"));
        assertThat(deflating.responseHead.toLowerCase()).contains("permessage-deflate");
        String deflatingSid = openSid(deflating);
        RawWs held = connect(Map.of());
        String heldSid = openSid(held);
        String pollingSid = handshake(server);
        Channel heldChannel = session(server, heldSid).wsChannel();
        writable(heldChannel, false);

        OutboundMessage small = OutboundMessage.text("2[\"msg\",\"small\"]");
        OutboundMessage big = OutboundMessage.text("2[\"msg\"," + JSON + "]"); // over the 1 KiB threshold
        OutboundMessage withAttachment = OutboundMessage.of("51-[\"bin\",{\"_placeholder\":true,\"num\":0}]",
                List.of(new byte[]{1, 2, 3}), true);
        OutboundMessage tick = OutboundMessage.text("2[\"tick\"]").withFlags(true, true, Priority.NORMAL);
        List<OutboundMessage> broadcast = List.of(small, big, withAttachment, tick);
        // off the sessions' loops, like a broadcast from another thread: each send hops, in order per session
        for (OutboundMessage m : broadcast) {
            for (String sid : List.of(plainSid, deflatingSid, heldSid, pollingSid)) {
                session(server, sid).send(m);
            }
        }

        for (RawWs ws : List.of(plain, deflating)) {
            expectText(ws.read(), "42[\"msg\",\"small\"]");
            RawWs.Frame bigFrame = ws.read();
            if (ws == deflating) {
                assertThat(bigFrame.rsv()).as("RSV1: compressed").isEqualTo(4);
                try (PerMessageInflater inflater = new PerMessageInflater()) {
                    assertThat(new String(inflater.inflate(bigFrame.payload()), StandardCharsets.UTF_8))
                            .isEqualTo("42[\"msg\"," + JSON + "]");
                }
            } else {
                expectText(bigFrame, "42[\"msg\"," + JSON + "]");
            }
            expectText(ws.read(), "451-[\"bin\",{\"_placeholder\":true,\"num\":0}]");
            RawWs.Frame bin = ws.read();
            assertThat(bin.opcode()).isEqualTo(2);
            assertThat(bin.rsv()).isZero();
            assertThat(bin.payload()).containsExactly(1, 2, 3);
            expectText(ws.read(), "42[\"tick\"]");
        }

        RawHttp.Response r = RawHttp.get(server.port, poll(pollingSid));
        assertThat(r.text()).isEqualTo("42[\"msg\",\"small\"]\u001e42[\"msg\"," + JSON + "]\u001e"
                + "451-[\"bin\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID\u001e42[\"tick\"]");

        // the held session queued all but the volatile message, which it dropped
        DefaultEngineSession h = session(server, heldSid);
        assertThat(h.eventLoop().submit(() -> h.queue().entries()).get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(server.engine.stats().volatileDrops()).isEqualTo(1);
        writable(heldChannel, true); // drains: the queued messages go out, in order
        expectText(held.read(), "42[\"msg\",\"small\"]");
        expectText(held.read(), "42[\"msg\"," + JSON + "]");
        expectText(held.read(), "451-[\"bin\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(held.read().payload()).containsExactly(1, 2, 3);
        h.send(OutboundMessage.text("2[\"after\"]"));
        expectText(held.read(), "42[\"after\"]");
    }

    private static void expectText(RawWs.Frame f, String text) {
        assertThat(f).isNotNull();
        assertThat(f.opcode()).isEqualTo(1);
        assertThat(f.rsv()).as("uncompressed").isZero();
        assertThat(f.text()).isEqualTo(text);
    }
}
