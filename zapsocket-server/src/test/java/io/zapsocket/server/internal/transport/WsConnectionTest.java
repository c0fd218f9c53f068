package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What the session measures of a WebSocket's channel: unsent bytes and writability. */
class WsConnectionTest {
    /** A listener that ignores everything (also used by the other connection tests of this package). */
    static final WsListener NONE = new WsListener() {
        @Override
        public void onText(String text) {
        }

        @Override
        public void onBinary(byte[] data) {
        }

        @Override
        public void onError(Throwable cause) {
        }

        @Override
        public void onClose() {
        }
    };

    @Test
    void pendingBytesFollowTheOutboundBufferOnBothSidesOfTheWaterMarks() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(2048, 4096));
        WsConnection conn = new WsConnection(ch, NONE);
        assertThat(conn.pendingBytes()).isZero();

        // Netty counts each buffered message with a small fixed overhead (about 100 bytes)
        ch.write(Unpooled.wrappedBuffer(new byte[1000])); // not flushed: still pending
        assertThat(conn.isWritable()).isTrue();
        assertThat(conn.pendingBytes()).isBetween(1000L, 1200L);
        assertThat(conn.bytesBeforeUnwritable()).isPositive();

        ch.write(Unpooled.wrappedBuffer(new byte[4000]));
        assertThat(conn.isWritable()).isFalse();
        assertThat(conn.bytesBeforeUnwritable()).isZero();
        assertThat(conn.pendingBytes()).isBetween(5000L, 5400L);

        ch.flush();
        assertThat(conn.pendingBytes()).isZero();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ((ByteBuf) o).release();
        }
        assertFalse(ch.finish());
        assertThat(conn.pendingBytes()).as("closed channel").isZero();
    }
}
