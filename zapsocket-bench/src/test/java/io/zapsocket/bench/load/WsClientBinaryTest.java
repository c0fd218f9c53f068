package io.zapsocket.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WsClientBinaryTest {

    private static final class Recorder implements WsClient.Listener {
        final List<String> acks = new ArrayList<>();
        final List<Integer> eventSizes = new ArrayList<>();
        Throwable failure;

        @Override
        public void onAck(WsClient c, long id, ByteBuf buf, int from, int to) {
            acks.add(id + ":" + (to - from));
        }

        @Override
        public void onEvent(WsClient c, ByteBuf buf, int from, int to) {
            eventSizes.add(to - from);
        }

        @Override
        public void onClosed(WsClient c, Throwable cause) {
            failure = cause;
        }
    }

    /** An unmasked server frame. */
    private static ByteBuf frame(int opcode, byte[] payload) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x80 | opcode);
        if (payload.length < 126) {
            b.writeByte(payload.length);
        } else if (payload.length < 65536) {
            b.writeByte(126).writeShort(payload.length);
        } else {
            b.writeByte(127).writeLong(payload.length);
        }
        return b.writeBytes(payload);
    }

    private static EmbeddedChannel channel(Recorder r) {
        // EmbeddedChannel's remote address has no '/': give it a loopback one for the Host header
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 1);
            }
        };
        ch.pipeline().addLast(WsClient.socketIo(0, r));
        ch.pipeline().fireChannelActive();
        ReferenceCountUtil.release(ch.readOutbound()); // the upgrade request
        ch.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
                StandardCharsets.US_ASCII));
        return ch;
    }

    @Test
    void aBinaryAckIsReportedWhenItsAttachmentArrivedWithTheAttachmentsRange() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = channel(r);
        byte[] big = new byte[65_536];
        ch.writeInbound(frame(1, "461-17[{\"_placeholder\":true,\"num\":0}]".getBytes(StandardCharsets.US_ASCII)));
        assertThat(r.acks).isEmpty();
        ch.writeInbound(frame(2, big));
        ch.writeInbound(frame(1, "43[\"plain\"]".getBytes(StandardCharsets.US_ASCII)));
        ch.writeInbound(frame(1, "452-[\"e\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"
                .getBytes(StandardCharsets.US_ASCII)));
        ch.writeInbound(frame(2, new byte[3]));
        assertThat(r.eventSizes).isEmpty();
        ch.writeInbound(frame(2, new byte[5]));
        assertThat(r.acks).containsExactly("17:65536", "0:9");
        assertThat(r.eventSizes).containsExactly(5);
        assertThat(r.failure).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void aBinaryFrameWithoutAHeaderFailsTheClient() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = channel(r);
        ch.writeInbound(frame(2, new byte[4]));
        assertThat(r.failure).hasMessageContaining("without a binary packet header");
        ch.finishAndReleaseAll();
    }

    @Test
    void largeTextAndBinaryFramesAreMaskedCorrectly() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = channel(r);
        byte[] payload = new byte[1_027]; // not a multiple of 4: the int loop and the byte tail
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        ch.pipeline().get(WsClient.class).sendBinary(payload, true);
        ByteBuf out = ch.readOutbound();
        try {
            assertThat((int) out.readUnsignedByte()).isEqualTo(0x82);
            assertThat((int) out.readUnsignedByte()).isEqualTo(0x80 | 126);
            assertThat(out.readUnsignedShort()).isEqualTo(payload.length);
            byte[] mask = new byte[4];
            out.readBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                assertThat((byte) (out.readByte() ^ mask[i & 3])).isEqualTo(payload[i]);
            }
        } finally {
            out.release();
        }
        ch.finishAndReleaseAll();
    }
}
