package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.zapsocket.server.CompressionOptions;
import io.zapsocket.server.testing.JsonPayloads;
import io.zapsocket.server.testing.PerMessageInflater;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * permessage-deflate without context takeover, shared across connections: negotiation, one deflate for a broadcast
 * to 1 000 connections, byte-exact inflation, connections with context takeover next to them, threshold and
 * {@code compress(false)}. Every buffer that leaves a connection is released exactly once (paranoid leak detection).
 */
class WsSharedDeflateTest {
    private static final WsListener NONE = WsConnectionTest.NONE;
    private static final String NODE_OFFER = "permessage-deflate; client_max_window_bits";
    private static final CompressionOptions SHARED = CompressionOptions.DEFAULT;
    private static final CompressionOptions CONTEXT = CompressionOptions.DEFAULT.withServerNoContextTakeover(false);

    /** A negotiated connection as after the handshake: deflate encoder before the frame encoder. */
    private record Conn(EmbeddedChannel ch, WsConnection ws) {
        static Conn of(CompressionOptions options, String offer) {
            WebSocketServerExtension ext = WsDeflate.negotiate(options, 1_000_000, offer);
            assertThat(ext).as("negotiated: %s", offer).isNotNull();
            EmbeddedChannel ch = new EmbeddedChannel(new WebSocket08FrameEncoder(false), ext.newExtensionEncoder());
            return new Conn(ch, new WsConnection(ch, NONE, options.threshold(),
                    WsDeflate.sharedLevel(options, ext.newReponseData())));
        }

        /** What the channel wrote since the last call, each buffer released once here. */
        byte[] written() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Object o; (o = ch.readOutbound()) != null; ) {
                ByteBuf b = (ByteBuf) o;
                out.writeBytes(ByteBufUtil.getBytes(b));
                // once: a buffer of its own is deallocated, a view (of a shared frame, of a cached cork) gives its
                // reference back; the leak detector (paranoid) reports any buffer never released
                b.release();
            }
            return out.toByteArray();
        }

        void finish() {
            assertFalse(ch.finish(), "nothing left in the channel");
        }
    }

    /** The frames of {@code bytes}: {opcode byte, payload} each (server frames: unmasked). */
    private static List<byte[][]> frames(byte[] bytes) {
        List<byte[][]> frames = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            int b0 = bytes[i] & 0xff;
            int len = bytes[i + 1] & 0x7f;
            int at = i + 2;
            if (len == 126) {
                len = ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
                at += 2;
            } else if (len == 127) {
                long l = 0;
                for (int k = 0; k < 8; k++) {
                    l = (l << 8) | (bytes[at + k] & 0xff);
                }
                len = (int) l;
                at += 8;
            }
            frames.add(new byte[][]{{(byte) b0}, Arrays.copyOfRange(bytes, at, at + len)});
            i = at + len;
        }
        return frames;
    }

    private static byte[] json(int bytes) {
        return ("4" + JsonPayloads.users(bytes)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theServerAsksForServerNoContextTakeoverAndSharesOnlyWithTheDefaultWindow() {
        WebSocketServerExtension ext = WsDeflate.negotiate(SHARED, 1_000_000, NODE_OFFER);
        assertThat(WsDeflate.headerValue(ext.newReponseData())).contains("server_no_context_takeover");
        assertThat(WsDeflate.sharedLevel(SHARED, ext.newReponseData())).isEqualTo(6);
        // a client_no_context_takeover the client offered is accepted
        ext = WsDeflate.negotiate(SHARED, 1_000_000, NODE_OFFER + "; client_no_context_takeover");
        assertThat(WsDeflate.headerValue(ext.newReponseData())).contains("client_no_context_takeover");

        // off: context takeover as before, unless the client asks for server_no_context_takeover itself
        ext = WsDeflate.negotiate(CONTEXT, 1_000_000, NODE_OFFER);
        assertThat(WsDeflate.headerValue(ext.newReponseData())).isEqualTo("permessage-deflate");
        assertThat(WsDeflate.sharedLevel(CONTEXT, ext.newReponseData())).isEqualTo(WsConnection.NO_SHARED_DEFLATE);
        ext = WsDeflate.negotiate(CONTEXT, 1_000_000, "permessage-deflate; server_no_context_takeover");
        assertThat(WsDeflate.sharedLevel(CONTEXT, ext.newReponseData())).isEqualTo(6);
        ext = WsDeflate.negotiate(CONTEXT, 1_000_000, NODE_OFFER + "; client_no_context_takeover");
        assertThat(WsDeflate.headerValue(ext.newReponseData())).doesNotContain("client_no_context_takeover");

        // a smaller server window: declined without JZlib (Netty's JDK deflater has 15 bits), never shared
        ext = WsDeflate.negotiate(SHARED, 1_000_000, "permessage-deflate; server_max_window_bits=10");
        if (ext != null) {
            assertThat(WsDeflate.sharedLevel(SHARED, ext.newReponseData()))
                    .isEqualTo(WsConnection.NO_SHARED_DEFLATE);
        }
    }

    @Test
    void aBroadcastTo1000ConnectionsIsDeflatedOnceAndEveryOneInflatesItByteForByte() throws Exception {
        for (int size : new int[]{1024, 16 * 1024, 70_000}) { // 7-bit, 16-bit and 64-bit length fields compressed
            byte[] data = json(size);
            OutFrame f = OutFrame.text(data);
            byte[] first = null;
            for (int i = 0; i < 1000; i++) {
                Conn c = Conn.of(SHARED, NODE_OFFER);
                c.ws.write(List.of(f));
                byte[] wire = c.written();
                if (first == null) {
                    first = wire;
                    List<byte[][]> frames = frames(wire);
                    assertThat(frames).hasSize(1);
                    assertThat(frames.get(0)[0][0] & 0xff).as("FIN, RSV1, text").isEqualTo(0xC1);
                    try (PerMessageInflater client = new PerMessageInflater()) {
                        assertThat(client.inflate(frames.get(0)[1])).isEqualTo(data);
                    }
                    assertThat(wire.length).isLessThan(data.length / 3);
                } else {
                    assertThat(wire).as("connection %d", i).isEqualTo(first);
                }
                c.finish();
            }
            assertThat(f.deflates()).as("deflate runs for 1000 connections, %d bytes", size).isEqualTo(1);
        }
    }

    @Test
    void theSharedFrameIsWhatNettysOwnEncoderWritesWithoutContextTakeover() {
        byte[] data = json(16 * 1024);
        Conn shared = Conn.of(SHARED, NODE_OFFER);
        shared.ws.write(List.of(OutFrame.text(data)));
        byte[] ours = shared.written();
        shared.finish();

        // the same connection's Netty encoder, given the frame itself
        EmbeddedChannel netty = Conn.of(SHARED, NODE_OFFER).ch;
        netty.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(data)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = netty.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        assertFalse(netty.finish());
        assertThat(ours).isEqualTo(out.toByteArray());
    }

    @Test
    void nettysDeflateEncoderLetsAFrameWithRsv1Through() {
        // Netty 4.2.18's PerMessageDeflateEncoder accepts text/binary frames only while RSV1 is clear: a frame that is
        // already compressed passes untouched (the shared path writes bytes, which pass any frame encoder anyway)
        WebSocketServerExtension ext = WsDeflate.negotiate(SHARED, 1_000_000, NODE_OFFER);
        EmbeddedChannel ch = new EmbeddedChannel(ext.newExtensionEncoder());
        byte[] payload = json(4096);
        TextWebSocketFrame compressed = new TextWebSocketFrame(true, WebSocketExtension.RSV1,
                Unpooled.wrappedBuffer(payload));
        ch.writeOutbound(compressed);
        WebSocketFrame out = ch.readOutbound();
        assertThat(out).isSameAs(compressed);
        assertThat(ByteBufUtil.getBytes(out.content())).isEqualTo(payload);
        out.release();
        assertFalse(ch.finish());
    }

    @Test
    void connectionsWithContextTakeoverKeepTheirOwnCompressionNextToSharingOnes() throws Exception {
        byte[] m1 = json(4096);
        byte[] m2 = json(5000); // much like m1: with context takeover it compresses to far less
        OutFrame f1 = OutFrame.text(m1);
        OutFrame f2 = OutFrame.text(m2);
        List<Conn> sharing = new ArrayList<>();
        List<Conn> own = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sharing.add(Conn.of(SHARED, NODE_OFFER));
            own.add(Conn.of(CONTEXT, NODE_OFFER));
        }
        List<Conn> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(own.get(i));
            all.add(sharing.get(i));
        }
        for (Conn c : all) {
            c.ws.write(List.of(f1, f2));
        }
        byte[] sharedWire = null;
        for (Conn c : all) {
            List<byte[][]> frames = frames(c.written());
            assertThat(frames).hasSize(2);
            try (PerMessageInflater client = new PerMessageInflater()) { // keeps its window, as a client does
                for (int k = 0; k < 2; k++) {
                    assertThat(frames.get(k)[0][0] & 0xff).isEqualTo(0xC1);
                    assertThat(client.inflate(frames.get(k)[1])).isEqualTo(k == 0 ? m1 : m2);
                }
            }
            int secondSize = frames.get(1)[1].length;
            if (sharing.contains(c)) {
                if (sharedWire == null) {
                    sharedWire = frames.get(1)[1];
                }
                assertThat(frames.get(1)[1]).isEqualTo(sharedWire);
            } else {
                assertThat(secondSize).as("context takeover: the second message refers to the first")
                        .isLessThan(sharedWire == null ? Integer.MAX_VALUE : sharedWire.length);
            }
            c.finish();
        }
        assertThat(f1.deflates()).isEqualTo(1);
        assertThat(f2.deflates()).isEqualTo(1);
    }

    @Test
    void smallMessagesAndCompressFalseStayUncompressedAndAreNeverDeflated() {
        byte[] small = ("4" + "x".repeat(1000)).getBytes(StandardCharsets.UTF_8); // 1001 < 1024
        byte[] big = json(4096);
        OutFrame smallFrame = OutFrame.text(small);
        OutFrame optedOut = new OutFrame(false, big, false);
        OutFrame binaryOptedOut = new OutFrame(true, big, false);
        for (int i = 0; i < 3; i++) {
            Conn c = Conn.of(SHARED, NODE_OFFER);
            c.ws.write(List.of(smallFrame, optedOut, binaryOptedOut));
            List<byte[][]> frames = frames(c.written());
            assertThat(frames).hasSize(3);
            assertThat(frames.get(0)[0][0] & 0xff).isEqualTo(0x81);
            assertThat(frames.get(0)[1]).isEqualTo(small);
            assertThat(frames.get(1)[0][0] & 0xff).isEqualTo(0x81);
            assertThat(frames.get(1)[1]).isEqualTo(big);
            assertThat(frames.get(2)[0][0] & 0xff).isEqualTo(0x82);
            assertThat(frames.get(2)[1]).isEqualTo(big);
            c.finish();
        }
        assertThat(smallFrame.deflates() + optedOut.deflates() + binaryOptedOut.deflates()).isZero();
    }

    @Test
    void smallCompressedFramesAreCorkedAndTheCorkIsSharedOnlyWithConnectionsThatWriteTheSameBytes() throws Exception {
        OutFrame small = OutFrame.text("42[\"hi\"]");
        // threshold 100: the JSON messages are compressed, and small enough to be corked uncompressed too
        CompressionOptions shared = CompressionOptions.of(100, 6);
        byte[] m1 = json(600);
        byte[] m2 = json(900);
        OutFrame big1 = OutFrame.text(m1);
        OutFrame big2 = OutFrame.text(m2);
        List<OutFrame> batch = List.of(small, big1, big2);
        CorkCache corks = new CorkCache();

        // the cache keeps the last cork: a, b (same key: a hit), plain (same frames, other key: a miss), plain2 (a hit)
        Conn a = Conn.of(shared, NODE_OFFER);
        Conn b = Conn.of(shared, NODE_OFFER);
        EmbeddedChannel plainCh = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
        Conn plain = new Conn(plainCh, new WsConnection(plainCh, NONE));
        EmbeddedChannel plainCh2 = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
        Conn plain2 = new Conn(plainCh2, new WsConnection(plainCh2, NONE));
        Conn context = Conn.of(shared.withServerNoContextTakeover(false), NODE_OFFER);
        for (Conn c : List.of(a, b, plain, plain2, context)) {
            c.ws.writeOnLoop(batch, corks);
        }
        assertThat(corks.hits()).isEqualTo(2);

        ByteBuf fromB = b.ch.readOutbound();
        byte[] bBytes = ByteBufUtil.getBytes(fromB);
        fromB.release();
        assertThat(b.ch.<Object>readOutbound()).as("one cork for the three frames").isNull();
        byte[] aBytes = a.written();
        assertThat(bBytes).isEqualTo(aBytes);
        byte[] plainBytes = plain.written();
        assertThat(plain2.written()).isEqualTo(plainBytes);
        plain2.finish();

        for (Conn c : List.of(a, plain, context)) {
            byte[] wire = c == a ? aBytes : c == plain ? plainBytes : c.written();
            List<byte[][]> frames = frames(wire);
            assertThat(frames).hasSize(3);
            assertThat(frames.get(0)[0][0] & 0xff).isEqualTo(0x81);
            assertThat(new String(frames.get(0)[1], StandardCharsets.UTF_8)).isEqualTo("42[\"hi\"]");
            try (PerMessageInflater client = new PerMessageInflater()) {
                for (int k = 1; k < 3; k++) {
                    byte[] expected = k == 1 ? m1 : m2;
                    if (c == plain) {
                        assertThat(frames.get(k)[0][0] & 0xff).isEqualTo(0x81);
                        assertThat(frames.get(k)[1]).isEqualTo(expected);
                    } else {
                        assertThat(frames.get(k)[0][0] & 0xff).isEqualTo(0xC1);
                        assertThat(client.inflate(frames.get(k)[1])).isEqualTo(expected);
                    }
                }
            }
            if (c != a) {
                c.finish();
            }
        }
        a.finish();
        b.finish();
        corks.clear();
        assertThat(big1.deflates()).isEqualTo(1);
        assertThat(big2.deflates()).isEqualTo(1);
    }

    @Test
    void binaryAttachmentsAreSharedCompressedToo() throws Exception {
        byte[] bin = new byte[8192];
        for (int i = 0; i < bin.length; i++) {
            bin[i] = (byte) (i % 7);
        }
        OutFrame f = OutFrame.binary(bin);
        for (int i = 0; i < 3; i++) {
            Conn c = Conn.of(SHARED, NODE_OFFER);
            c.ws.write(List.of(f));
            List<byte[][]> frames = frames(c.written());
            assertThat(frames.get(0)[0][0] & 0xff).as("FIN, RSV1, binary").isEqualTo(0xC2);
            try (PerMessageInflater client = new PerMessageInflater()) {
                assertThat(client.inflate(frames.get(0)[1])).isEqualTo(bin);
            }
            c.finish();
        }
        assertThat(f.deflates()).isEqualTo(1);
    }
}
