package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.zapsocket.server.CompressionOptions;
import io.zapsocket.server.testing.JsonPayloads;
import io.zapsocket.server.testing.PerMessageInflater;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * One {@link OutFrame} written to many connections (a broadcast): every connection gets exactly the bytes Netty's
 * own encoder would write, from the second connection on as a view of one frame built once; a connection with
 * permessage-deflate still compresses what it must. Every buffer that leaves a connection is released exactly once.
 */
class WsSharedFrameTest {
    private static final WsListener NONE = WsConnectionTest.NONE;

    /** A connection with the server's frame encoder, as after a handshake without extensions. */
    private static EmbeddedChannel plainChannel() {
        return new EmbeddedChannel(new WebSocket08FrameEncoder(false));
    }

    /** A connection with permessage-deflate negotiated: the deflate encoder before the frame encoder. */
    private static EmbeddedChannel deflatingChannel(WebSocketServerExtension ext) {
        return new EmbeddedChannel(new WebSocket08FrameEncoder(false), ext.newExtensionEncoder());
    }

    /**
     * Everything the channel wrote since the last call, concatenated; each buffer is released here, once. A buffer of
     * its own is then gone; a view of a shared frame gives its reference back to the frame, whose own count is 1.
     */
    private static byte[] written(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            out.writeBytes(ByteBufUtil.getBytes(b));
            assertReleasedOnce(b);
        }
        return out.toByteArray();
    }

    private static void assertReleasedOnce(ByteBuf b) {
        boolean sharedView = b.isReadOnly();
        assertThat(b.release()).as("deallocated (false for a view of a shared frame)").isEqualTo(!sharedView);
        assertThat(b.refCnt()).as("count after the release").isEqualTo(sharedView ? 1 : 0);
    }

    /** What Netty's encoder makes of the frame on its own. */
    private static byte[] reference(OutFrame f) {
        EmbeddedChannel ch = plainChannel();
        ByteBuf data = Unpooled.wrappedBuffer(f.data());
        ch.writeOutbound(f.binary() ? new BinaryWebSocketFrame(data) : new TextWebSocketFrame(data));
        byte[] bytes = written(ch);
        assertFalse(ch.finish());
        return bytes;
    }

    private static byte[] bytesOf(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    @Test
    void everyConnectionGetsTheBytesOfNettysEncoderWhateverTheLengthField() {
        // 7-bit, 16-bit and 64-bit length fields, on both sides of each boundary; text and binary
        for (int n : new int[]{1, 125, 126, 127, 65_535, 65_536, 70_000}) {
            for (OutFrame f : List.of(OutFrame.text(bytesOf(n)), OutFrame.binary(bytesOf(n)))) {
                byte[] expected = reference(f);
                for (int i = 0; i < 3; i++) {
                    EmbeddedChannel ch = plainChannel();
                    new WsConnection(ch, NONE).write(List.of(f));
                    assertThat(written(ch)).as("%s, connection %d", f, i).isEqualTo(expected);
                    assertFalse(ch.finish());
                }
            }
        }
    }

    @Test
    void fromTheSecondConnectionOnTheFrameIsAViewOfBytesBuiltOnce() {
        OutFrame f = OutFrame.text("42[\"msg\",\"hello\"]");
        EmbeddedChannel first = plainChannel();
        new WsConnection(first, NONE).write(List.of(f));
        ByteBuf framed = first.readOutbound();
        assertThat(framed.isReadOnly()).as("a buffer of its own for a single recipient").isFalse();
        framed.release();

        for (int i = 0; i < 2; i++) {
            EmbeddedChannel ch = plainChannel();
            new WsConnection(ch, NONE).write(List.of(f));
            ByteBuf shared = ch.readOutbound();
            assertThat(shared.isReadOnly()).as("a read-only view of the shared frame").isTrue();
            assertThat(shared.isDirect()).isTrue();
            assertThat(ByteBufUtil.getBytes(shared)).isEqualTo(reference(f));
            assertThat(shared.refCnt()).as("the shared frame's count plus this view's").isEqualTo(2);
            assertReleasedOnce(shared);
            assertThat(ch.<Object>readOutbound()).isNull();
            assertFalse(ch.finish());
        }
    }

    @Test
    void aDeflatingConnectionCompressesWhatItMustAndTakesTheSharedBytesForTheRest() throws Exception {
        WebSocketServerExtension ext = defaultDeflate();
        int threshold = CompressionOptions.DEFAULT.threshold();
        byte[] json = bigJsonPacket();
        OutFrame big = OutFrame.text(json);
        OutFrame small = OutFrame.text("4hello");
        OutFrame optedOut = new OutFrame(false, json, false);
        for (OutFrame f : List.of(big, small, optedOut)) {
            for (int i = 0; i < 2; i++) { // two plain connections: the shared frame exists from here on
                EmbeddedChannel ch = plainChannel();
                new WsConnection(ch, NONE).write(List.of(f));
                assertThat(written(ch)).isEqualTo(reference(f));
                assertFalse(ch.finish());
            }
        }

        EmbeddedChannel ch = deflatingChannel(ext);
        WsConnection conn = new WsConnection(ch, NONE, threshold);
        PerMessageInflater inflater = new PerMessageInflater(); // the client's side of the context
        conn.write(List.of(big));
        byte[] compressed = written(ch);
        assertThat(compressed[0] & 0xff).as("FIN, RSV1 (compressed), text").isEqualTo(0xC1);
        assertThat(inflater.inflate(payloadOf(compressed))).isEqualTo(json);

        conn.write(List.of(small));
        assertThat(written(ch)).as("under the threshold: the shared bytes").isEqualTo(reference(small));
        conn.write(List.of(optedOut));
        assertThat(written(ch)).as("compress(false): the shared bytes").isEqualTo(reference(optedOut));
        conn.write(List.of(big));
        assertThat(inflater.inflate(payloadOf(written(ch)))).as("the compression context goes on")
                .isEqualTo(json);
        inflater.close();
        assertFalse(ch.finish());
    }

    @Test
    void aFlushOfSeveralSmallFramesCopiesThemIntoOneBufferAndKeepsLargeOnesShared() {
        OutFrame a = OutFrame.text("42[\"msg\",\"a\"]");
        OutFrame b = OutFrame.binary(bytesOf(300));
        OutFrame c = OutFrame.text(bytesOf(WsConnection.CORK_MAX_FRAME));
        OutFrame large = OutFrame.text(bytesOf(WsConnection.CORK_MAX_FRAME + 1));
        List<OutFrame> frames = List.of(a, b, c, large, a, b);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (OutFrame f : frames) {
            expected.writeBytes(reference(f));
        }
        for (int i = 0; i < 3; i++) { // the large frame is shared from the second connection on
            EmbeddedChannel ch = plainChannel();
            new WsConnection(ch, NONE).write(frames);
            ByteBuf first = ch.readOutbound();
            assertThat(first.readableBytes()).as("a, b and c in one cork")
                    .isEqualTo(reference(a).length + reference(b).length + reference(c).length);
            assertThat(first.isReadOnly()).isFalse();
            ByteBuf second = ch.readOutbound();
            assertThat(second.readableBytes()).as("the large frame on its own").isEqualTo(reference(large).length);
            assertThat(second.isReadOnly()).as("a view of the shared frame").isEqualTo(i > 0);
            ByteBuf third = ch.readOutbound();
            assertThat(ch.<Object>readOutbound()).as("a and b again in one cork").isNull();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (ByteBuf buf : List.of(first, second, third)) {
                all.writeBytes(ByteBufUtil.getBytes(buf));
                assertReleasedOnce(buf);
            }
            assertThat(all.toByteArray()).isEqualTo(expected.toByteArray());
            assertFalse(ch.finish());
        }
    }

    @Test
    void connectionsWritingTheSameFramesOnOneLoopShareOneCork() {
        OutFrame a = OutFrame.text("42[\"msg\",\"a\"]");
        OutFrame b = OutFrame.text("42[\"msg\",\"b\"]");
        OutFrame c = OutFrame.text("42[\"msg\",\"c\"]");
        byte[] ab = concat(reference(a), reference(b));
        CorkCache corks = new CorkCache();
        List<ByteBuf> written = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EmbeddedChannel ch = plainChannel();
            new WsConnection(ch, NONE).writeOnLoop(List.of(a, b), corks);
            ByteBuf buf = ch.readOutbound();
            assertThat(ByteBufUtil.getBytes(buf)).isEqualTo(ab);
            written.add(buf);
            assertFalse(ch.finish());
        }
        assertThat(corks.hits()).as("built once, then shared").isEqualTo(2);
        // other frames (or the same in another order) build a cork of their own
        EmbeddedChannel other = plainChannel();
        new WsConnection(other, NONE).writeOnLoop(List.of(b, a), corks);
        ByteBuf ba = other.readOutbound();
        assertThat(ByteBufUtil.getBytes(ba)).isEqualTo(concat(reference(b), reference(a)));
        EmbeddedChannel third = plainChannel();
        new WsConnection(third, NONE).writeOnLoop(List.of(a, b, c), corks);
        ByteBuf abc = third.readOutbound();
        assertThat(ByteBufUtil.getBytes(abc)).isEqualTo(concat(ab, reference(c)));
        assertThat(corks.hits()).isEqualTo(2);
        corks.clear();
        // the views written keep the memory until the channels release them, each once
        for (ByteBuf buf : written) {
            assertThat(buf.refCnt()).isPositive();
            buf.release();
        }
        assertThat(written.get(0).refCnt()).as("the first cork is gone with its last view").isZero();
        assertThat(ba.refCnt()).as("replaced by the next cork: only the channel's view is left").isEqualTo(1);
        ba.release();
        abc.release();
        assertThat(abc.refCnt()).isZero();
        assertFalse(other.finish());
        assertFalse(third.finish());
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] r = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        return r;
    }

    @Test
    void aLongRunOfSmallFramesGoesInCorksOfBoundedSize() {
        OutFrame f = OutFrame.text(bytesOf(1000)); // 1 004 bytes framed (16-bit length)
        int count = 200;
        List<OutFrame> frames = java.util.Collections.nCopies(count, f);
        EmbeddedChannel ch = plainChannel();
        new WsConnection(ch, NONE).write(frames);
        byte[] one = reference(f);
        int perCork = WsConnection.CORK_MAX_BYTES / one.length;
        int buffers = 0;
        int bytes = 0;
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            assertThat(b.readableBytes()).isLessThanOrEqualTo(WsConnection.CORK_MAX_BYTES);
            byte[] got = ByteBufUtil.getBytes(b);
            for (int off = 0; off < got.length; off += one.length) {
                assertThat(java.util.Arrays.copyOfRange(got, off, off + one.length)).isEqualTo(one);
            }
            bytes += got.length;
            buffers++;
            assertReleasedOnce(b);
        }
        assertThat(bytes).isEqualTo(count * one.length);
        assertThat(buffers).isEqualTo((count + perCork - 1) / perCork);
        assertFalse(ch.finish());
    }

    @Test
    void aDeflatingConnectionCorksTheFramesItDoesNotCompressAndKeepsTheOrder() throws Exception {
        WebSocketServerExtension ext = defaultDeflate();
        int threshold = CompressionOptions.DEFAULT.threshold();
        byte[] json = bigJsonPacket();
        OutFrame big = OutFrame.text(json);
        OutFrame small = OutFrame.text("4hello");
        OutFrame smallOptedOut = new OutFrame(false, bytesOf(500), false);
        EmbeddedChannel ch = deflatingChannel(ext);
        new WsConnection(ch, NONE, threshold).write(List.of(small, smallOptedOut, big, small));
        ByteBuf corked = ch.readOutbound();
        ByteArrayOutputStream firstTwo = new ByteArrayOutputStream();
        firstTwo.writeBytes(reference(small));
        firstTwo.writeBytes(reference(smallOptedOut));
        assertThat(ByteBufUtil.getBytes(corked)).isEqualTo(firstTwo.toByteArray());
        assertReleasedOnce(corked);
        byte[] rest = written(ch); // the compressed frame (in the encoder's buffers), then the last small frame
        byte[] last = reference(small);
        assertThat(java.util.Arrays.copyOfRange(rest, rest.length - last.length, rest.length))
                .as("the last small frame after the compressed one").isEqualTo(last);
        byte[] c = java.util.Arrays.copyOf(rest, rest.length - last.length);
        assertThat(c[0] & 0xff).as("FIN, RSV1 (compressed), text").isEqualTo(0xC1);
        PerMessageInflater inflater = new PerMessageInflater();
        assertThat(inflater.inflate(payloadOf(c))).isEqualTo(json);
        inflater.close();
        assertFalse(ch.finish());
    }

    /** permessage-deflate as negotiated with the default options. */
    private static WebSocketServerExtension defaultDeflate() {
        return WsDeflate.negotiate(CompressionOptions.DEFAULT, 1_000_000, "permessage-deflate");
    }

    /** A message packet of about 10 KiB of JSON: above the default compression threshold. */
    private static byte[] bigJsonPacket() {
        return ("4" + JsonPayloads.users(10 * 1024)).getBytes(StandardCharsets.UTF_8);
    }

    /** The payload of one unmasked frame. */
    private static byte[] payloadOf(byte[] frame) {
        int len = frame[1] & 0x7f;
        int offset = 2;
        if (len == 126) {
            len = ((frame[2] & 0xff) << 8) | (frame[3] & 0xff);
            offset = 4;
        } else if (len == 127) {
            len = 0;
            for (int i = 2; i < 10; i++) {
                len = (len << 8) | (frame[i] & 0xff);
            }
            offset = 10;
        }
        assertThat(frame.length).as("exactly one frame").isEqualTo(offset + len);
        byte[] p = new byte[len];
        System.arraycopy(frame, offset, p, 0, len);
        return p;
    }
}
