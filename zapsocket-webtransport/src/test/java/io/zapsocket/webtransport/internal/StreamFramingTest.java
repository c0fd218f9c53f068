package io.zapsocket.webtransport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.zapsocket.server.internal.transport.OutFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** engine.io-parser's stream framing: headers at the 7/16/64-bit boundaries, split reads, and the two errors. */
class StreamFramingTest {

    private record Packet(boolean binary, byte[] data) {
    }

    private static List<Packet> decodeInChunks(ByteBuf wire, int chunk, int max, List<String> errors) {
        StreamFraming.Decoder d = new StreamFraming.Decoder(max);
        List<Packet> out = new ArrayList<>();
        try {
            while (wire.isReadable()) {
                ByteBuf part = wire.readRetainedSlice(Math.min(chunk, wire.readableBytes()));
                d.decode(part, (binary, payload) -> {
                    byte[] b = new byte[payload.readableBytes()];
                    payload.readBytes(b);
                    out.add(new Packet(binary, b));
                }, errors::add);
            }
        } finally {
            d.release();
            wire.release();
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 125, 126, 65535, 65536, 70000})
    void roundTripsAtTheLengthBoundaries(int size) {
        byte[] text = "4".concat("x".repeat(size - 1)).getBytes(StandardCharsets.UTF_8);
        byte[] bin = new byte[size];
        bin[size - 1] = 7;
        ByteBuf wire = StreamFraming.encode(List.of(OutFrame.text(text), OutFrame.binary(bin)),
                ByteBufAllocator.DEFAULT);
        assertThat(wire.getUnsignedByte(0) & 0x7f).isEqualTo(size < 126 ? size : size < 65536 ? 126 : 127);
        assertThat(wire.getUnsignedByte(StreamFraming.headerLength(size) + size) & 0x80).isEqualTo(0x80);
        List<String> errors = new ArrayList<>();
        List<Packet> packets = decodeInChunks(wire, 7, 1 << 20, errors);
        assertThat(errors).isEmpty();
        assertThat(packets).hasSize(2);
        assertThat(packets.get(0).binary()).isFalse();
        assertThat(packets.get(0).data()).isEqualTo(text);
        assertThat(packets.get(1).binary()).isTrue();
        assertThat(packets.get(1).data()).isEqualTo(bin);
    }

    @Test
    void aPacketOverTheLimitIsAnErrorBeforeItsPayloadArrives() {
        List<String> errors = new ArrayList<>();
        ByteBuf wire = Unpooled.buffer().writeByte(126).writeShort(1001);
        assertThat(decodeInChunks(wire, 100, 1000, errors)).isEmpty();
        assertThat(errors).singleElement().asString().contains("over maxHttpBufferSize (1000)");
    }

    @Test
    void aZeroLengthOrHugeLengthIsAnError() {
        List<String> errors = new ArrayList<>();
        assertThat(decodeInChunks(Unpooled.buffer().writeByte(0), 1, 1000, errors)).isEmpty();
        assertThat(decodeInChunks(Unpooled.buffer().writeByte(127).writeLong(-1), 3, 1000, errors)).isEmpty();
        assertThat(errors).hasSize(2);
    }

    @Test
    void inputAfterAnErrorIsDropped() {
        List<String> errors = new ArrayList<>();
        ByteBuf wire = Unpooled.buffer().writeByte(0).writeByte(1).writeByte('6');
        assertThat(decodeInChunks(wire, 1, 1000, errors)).isEmpty();
        assertThat(errors).hasSize(1);
    }

    @Test
    void varintsOfEveryLength() {
        for (long v : new long[]{0, 63, 64, 16383, 16384, (1L << 30) - 1, 1L << 30, (1L << 62) - 1}) {
            ByteBuf b = Unpooled.buffer();
            Varint.write(b, v);
            ByteBuf partial = b.copy(0, b.readableBytes() - 1);
            assertThat(Varint.read(partial)).isEqualTo(Varint.INCOMPLETE);
            assertThat(partial.readerIndex()).isZero();
            assertThat(Varint.read(b)).isEqualTo(v);
            b.release();
            partial.release();
        }
    }
}
