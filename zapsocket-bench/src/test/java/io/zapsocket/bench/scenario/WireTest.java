package io.zapsocket.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void eventPrefixesTypeAndAckId() {
        assertThat(new String(Wire.event(42, Wire.ascii("[\"echo\",\"x\"]")), StandardCharsets.US_ASCII))
                .isEqualTo("4242[\"echo\",\"x\"]");
    }

    @Test
    void seqPayloadHasTheRequestedSizeAndASequencePrefix() {
        String p = Wire.seqPayload(123, 100);
        assertThat(p).hasSize(100).startsWith("0000000123:xx");
    }

    @Test
    void seqOfReadsTheSequenceOfADeliveredMessage() {
        String frame = "42[\"msg\",\"" + Wire.seqPayload(987654, 100) + "\"]";
        ByteBuf buf = Unpooled.copiedBuffer("garbage" + frame, StandardCharsets.US_ASCII);
        assertThat(Wire.seqOf(buf, 7, buf.writerIndex())).isEqualTo(987654);
        buf.release();
    }

    @Test
    void seqOfIsMinusOneWithoutASequence() {
        ByteBuf buf = Unpooled.copiedBuffer("42[\"msg\",\"hello world, no digits\"]", StandardCharsets.US_ASCII);
        assertThat(Wire.seqOf(buf, 0, buf.writerIndex())).isEqualTo(-1);
        buf.release();
    }
}
