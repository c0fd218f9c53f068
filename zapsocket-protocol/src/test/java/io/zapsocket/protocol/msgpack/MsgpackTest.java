package io.zapsocket.protocol.msgpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bytes below were produced by notepack.io 3.0.1 and @msgpack/msgpack 2.8.0 (identical for every case) in
 * Node 20 for the equivalent JavaScript values.
 */
class MsgpackTest {
    private static String hex(Object v) {
        return HexFormat.of().formatHex(Msgpack.encode(v));
    }

    @Test
    void integersUseTheSmallestFormLikeNotepack() {
        assertThat(hex(0)).isEqualTo("00");
        assertThat(hex(127)).isEqualTo("7f");
        assertThat(hex(128)).isEqualTo("cc80");
        assertThat(hex(255)).isEqualTo("ccff");
        assertThat(hex(256)).isEqualTo("cd0100");
        assertThat(hex(65535)).isEqualTo("cdffff");
        assertThat(hex(65536)).isEqualTo("ce00010000");
        assertThat(hex(4294967296L)).isEqualTo("cf0000000100000000");
        assertThat(hex(-1)).isEqualTo("ff");
        assertThat(hex(-32)).isEqualTo("e0");
        assertThat(hex(-33)).isEqualTo("d0df");
        assertThat(hex(-128)).isEqualTo("d080");
        assertThat(hex(-129)).isEqualTo("d1ff7f");
        assertThat(hex(-32768)).isEqualTo("d18000");
        assertThat(hex(-32769)).isEqualTo("d2ffff7fff");
    }

    @Test
    void integralDoublesAreIntegersAndOtherNumbersFloat64AsInJavaScript() {
        assertThat(hex(1.0)).isEqualTo("01");
        assertThat(hex(1.5)).isEqualTo("cb3ff8000000000000");
        assertThat(hex(1.5f)).isEqualTo("cb3ff8000000000000");
    }

    @Test
    void stringsBinaryNilBooleansDatesAndMaps() {
        assertThat(hex("a")).isEqualTo("a161");
        assertThat(hex("x".repeat(32))).startsWith("d920");
        assertThat(hex("y".repeat(256))).startsWith("da0100");
        assertThat(hex(new byte[] {1, 2, 3})).isEqualTo("c403010203");
        assertThat(hex(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}))).isEqualTo("c403010203");
        assertThat(hex(null)).isEqualTo("c0");
        assertThat(hex(true)).isEqualTo("c3");
        assertThat(hex(Instant.ofEpochMilli(1700000000123L))).isEqualTo("d7ff1d5353006553f100");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", List.of(1, "x"));
        assertThat(hex(m)).isEqualTo("82a16101a1629201a178");
    }

    @Test
    void aClassicAdapterBroadcastIsByteForByteWhatNodeSends() {
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", 2);
        packet.put("data", List.of("ev", 1, new byte[] {9}));
        packet.put("nsp", "/");
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", List.of("r"));
        opts.put("except", List.of());
        opts.put("flags", Map.of());
        String expected = "93a641624364456683a47479706502a46461746193a2657601c40109a36e7370a12f83a5726f6f6d7391a172"
                + "a665786365707490a5666c61677380";
        assertThat(hex(List.of("AbCdEf", packet, opts))).isEqualTo(expected);
    }

    @Test
    @SuppressWarnings("unchecked")
    void decodesToTheJsonTypesPlusBytesAndInstants() {
        byte[] bytes = HexFormat.of().parseHex("93a641624364456683a47479706502a46461746193a2657601c40109a36e7370a12f83a5"
                + "726f6f6d7391a172a665786365707490a5666c61677380");
        List<Object> decoded = (List<Object>) Msgpack.decode(bytes);
        assertThat(decoded.get(0)).isEqualTo("AbCdEf");
        Map<String, Object> packet = (Map<String, Object>) decoded.get(1);
        assertThat(packet).containsEntry("type", 2).containsEntry("nsp", "/");
        List<Object> data = (List<Object>) packet.get("data");
        assertThat(data.get(0)).isEqualTo("ev");
        assertThat(data.get(1)).isEqualTo(1);
        assertThat((byte[]) data.get(2)).containsExactly(9);
        assertThat(Msgpack.decode(HexFormat.of().parseHex("d7ff1d5353006553f100")))
                .isEqualTo(Instant.ofEpochMilli(1700000000123L));
        assertThat(Msgpack.decode(HexFormat.of().parseHex("cf0000000100000000"))).isEqualTo(4294967296L);
        assertThat(Msgpack.decode(HexFormat.of().parseHex("cb3ff8000000000000"))).isEqualTo(1.5);
    }

    @Test
    void malformedInputIsAnIllegalArgument() {
        assertThatThrownBy(() -> Msgpack.decode(new byte[] {(byte) 0x92, 1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Msgpack.decode(new byte[] {1, 2})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hasBinaryLooksEverywhere() {
        List<Object> nested = new ArrayList<>();
        nested.add(Map.of("k", List.of(1, new byte[0])));
        assertThat(Msgpack.hasBinary(nested)).isTrue();
        assertThat(Msgpack.hasBinary(List.of(1, "a", Map.of("b", 2)))).isFalse();
    }
}
