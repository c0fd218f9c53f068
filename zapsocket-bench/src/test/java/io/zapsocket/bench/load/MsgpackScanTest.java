package io.zapsocket.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.zapsocket.protocol.sio.SioMsgpackCodec;
import io.zapsocket.protocol.sio.SioPacket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MsgpackScanTest {

    private static ByteBuf wrap(SioPacket p) {
        return Unpooled.wrappedBuffer(SioMsgpackCodec.encode(p));
    }

    @Test
    void readsAnAcksIdAndDataRange() {
        ByteBuf b = wrap(SioPacket.ack("/", 70_000, List.of("x", 1.5, Map.of("k", List.of(true)))));
        MsgpackScan.Packet p = MsgpackScan.packet(b, 0, b.writerIndex());
        assertThat(p.type()).isEqualTo(3);
        assertThat(p.id()).isEqualTo(70_000);
        assertThat((int) b.getUnsignedByte(p.dataFrom())).isEqualTo(0x93); // the 3-element array
        assertThat(MsgpackScan.skip(b, p.dataFrom(), b.writerIndex(), 0)).isEqualTo(p.dataTo());
        b.release();
    }

    @Test
    void readsAnEventAndAConnect() {
        ByteBuf e = wrap(SioPacket.event("/", List.of("msg", "0000000042:xx")));
        MsgpackScan.Packet p = MsgpackScan.packet(e, 0, e.writerIndex());
        assertThat(p.type()).isEqualTo(2);
        assertThat(p.id()).isEqualTo(-1);
        e.release();
        ByteBuf c = wrap(SioPacket.connect("/", Map.of("sid", "abc")));
        assertThat(MsgpackScan.packet(c, 0, c.writerIndex()).type()).isZero();
        c.release();
    }

    @Test
    void truncatedOrForeignInputIsNull() {
        ByteBuf b = wrap(SioPacket.ack("/", 1, List.of("a long enough string")));
        assertThat(MsgpackScan.packet(b, 0, b.writerIndex() - 3)).isNull();
        assertThat(MsgpackScan.packet(Unpooled.wrappedBuffer(new byte[] {'4', '2'}), 0, 2)).isNull();
        b.release();
    }
}
