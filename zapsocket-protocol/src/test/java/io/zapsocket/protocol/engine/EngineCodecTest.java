package io.zapsocket.protocol.engine;

import io.zapsocket.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineCodecTest {

    @Test
    void decodesEveryPacketType() {
        assertThat(EngineCodec.decodePacket("0{\"sid\":\"x\"}")).isEqualTo(EnginePacket.of(EnginePacketType.OPEN, "{\"sid\":\"x\"}"));
        assertThat(EngineCodec.decodePacket("1")).isEqualTo(EnginePacket.CLOSE);
        assertThat(EngineCodec.decodePacket("2")).isEqualTo(EnginePacket.PING);
        assertThat(EngineCodec.decodePacket("2probe")).isEqualTo(EnginePacket.PING_PROBE);
        assertThat(EngineCodec.decodePacket("3")).isEqualTo(EnginePacket.PONG);
        assertThat(EngineCodec.decodePacket("3probe")).isEqualTo(EnginePacket.PONG_PROBE);
        assertThat(EngineCodec.decodePacket("4hello")).isEqualTo(EnginePacket.message("hello"));
        assertThat(EngineCodec.decodePacket("4")).isEqualTo(EnginePacket.message(""));
        assertThat(EngineCodec.decodePacket("5")).isEqualTo(EnginePacket.UPGRADE);
        assertThat(EngineCodec.decodePacket("6")).isEqualTo(EnginePacket.NOOP);
    }

    @Test
    void keepsUnicodeTextAsIs() {
        assertThat(EngineCodec.decodePacket("4€😀\u001f").text()).isEqualTo("€😀\u001f");
    }

    @Test
    void rejectsUnknownTypesAndEmptyPackets() {
        assertThatThrownBy(() -> EngineCodec.decodePacket("abc")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> EngineCodec.decodePacket("7")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> EngineCodec.decodePacket("")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> EngineCodec.decodePacket(null)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void decodesBase64BinaryMessages() {
        EnginePacket p = EngineCodec.decodePacket("bAQIDBA==");
        assertThat(p.isBinary()).isTrue();
        assertThat(p.type()).isEqualTo(EnginePacketType.MESSAGE);
        assertThat(p.binary()).containsExactly(1, 2, 3, 4);
        assertThat(p.text()).isNull();
    }

    @Test
    void base64DecodingIsLenientLikeNode() {
        assertThat(EngineCodec.base64Decode("AQIDBA", 0)).containsExactly(1, 2, 3, 4);
        assertThat(EngineCodec.base64Decode("AQ ID\nBA==", 0)).containsExactly(1, 2, 3, 4);
        assertThat(EngineCodec.base64Decode("-_8=", 0)).containsExactly(0xfb, 0xff);
        assertThat(EngineCodec.base64Decode("+/8=", 0)).containsExactly(0xfb, 0xff);
        assertThat(EngineCodec.base64Decode("", 0)).isEmpty();
        assertThat(EngineCodec.base64Decode("A", 0)).isEmpty();
        assertThat(EngineCodec.decodePacket("b").binary()).isEmpty();
    }

    @Test
    void base64RoundTripsAllLengths() {
        for (int n = 0; n < 40; n++) {
            byte[] data = new byte[n];
            for (int i = 0; i < n; i++) {
                data[i] = (byte) (i * 37 + n);
            }
            String encoded = EngineCodec.encodePacket(EnginePacket.binary(data));
            assertThat(encoded).hasSize(EngineCodec.encodedLength(EnginePacket.binary(data)));
            assertThat(EngineCodec.decodePacket(encoded).binary()).isEqualTo(data);
        }
    }

    @Test
    void binaryFramesAreRawMessages() {
        byte[] raw = {1, 2, 3, 4};
        assertThat(EngineCodec.decodeBinary(raw)).isEqualTo(EnginePacket.binary(new byte[]{1, 2, 3, 4}));
    }

    @Test
    void encodesPackets() {
        assertThat(EngineCodec.encodePacket(EnginePacket.PING)).isEqualTo("2");
        assertThat(EngineCodec.encodePacket(EnginePacket.PONG_PROBE)).isEqualTo("3probe");
        assertThat(EngineCodec.encodePacket(EnginePacket.message("hello"))).isEqualTo("4hello");
        assertThat(EngineCodec.encodePacket(EnginePacket.binary(new byte[]{1, 2, 3, 4}))).isEqualTo("bAQIDBA==");
    }

    @Test
    void encodesPayloadsLikeTheSuiteExpects() {
        assertThat(EngineCodec.encodePayload(List.of(EnginePacket.message("hello"),
                EnginePacket.binary(new byte[]{1, 2, 3, 4})))).isEqualTo("4hello\u001ebAQIDBA==");
        assertThat(EngineCodec.encodePayload(List.of(EnginePacket.message("test1"), EnginePacket.message("test2"),
                EnginePacket.message("test3")))).isEqualTo("4test1\u001e4test2\u001e4test3");
        assertThat(EngineCodec.encodePayload(List.of())).isEmpty();
    }

    @Test
    void decodesPayloads() {
        assertThat(EngineCodec.decodePayload("4hello\u001ebAQIDBA==\u001e2\u001e3")).containsExactly(
                EnginePacket.message("hello"), EnginePacket.binary(new byte[]{1, 2, 3, 4}), EnginePacket.PING,
                EnginePacket.PONG);
        assertThat(EngineCodec.decodePayload("4")).containsExactly(EnginePacket.message(""));
    }

    @Test
    void payloadDecodingDeliversPacketsBeforeTheFirstBadOne() {
        List<EnginePacket> seen = new ArrayList<>();
        assertThatThrownBy(() -> EngineCodec.decodePayload("4a\u001e4b\u001exyz\u001e4c", seen::add))
                .isInstanceOf(ProtocolException.class);
        assertThat(seen).containsExactly(EnginePacket.message("a"), EnginePacket.message("b"));
        assertThatThrownBy(() -> EngineCodec.decodePayload("4a\u001e")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> EngineCodec.decodePayload("")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void computesEncodedSizes() {
        List<EnginePacket> packets = List.of(EnginePacket.message("h€llo😀"), EnginePacket.binary(new byte[5]),
                EnginePacket.PING);
        String payload = EngineCodec.encodePayload(packets);
        assertThat(EngineCodec.payloadLength(packets)).isEqualTo(payload.getBytes(StandardCharsets.UTF_8).length);
        assertThat(EngineCodec.utf8Length("a\u00e9\u20ac\ud83d\ude00")).isEqualTo(1 + 2 + 3 + 4);
        assertThat(EngineCodec.utf8Length("\ud83d")).isEqualTo("\ud83d".getBytes(StandardCharsets.UTF_8).length);
        assertThat(EngineCodec.base64Length(4)).isEqualTo(8);
    }

    @Test
    void writesTheOpenPacketJsonWithExactlyTheFiveKeysInOrder() {
        assertThat(EngineCodec.openPacketJson("abc-_", List.of("websocket"), 300, 200, 1_000_000)).isEqualTo(
                "{\"sid\":\"abc-_\",\"upgrades\":[\"websocket\"],\"pingInterval\":300,\"pingTimeout\":200,"
                        + "\"maxPayload\":1000000}");
        assertThat(EngineCodec.openPacketJson("s", List.of(), 25000, 20000, 1_000_000)).isEqualTo(
                "{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
    }

    @Test
    void escapesJsonStringsLikeJsonStringify() {
        assertThat(EngineCodec.appendJsonString(new StringBuilder(), "a\"b\\c\n\u0001é😀").toString())
                .isEqualTo("\"a\\\"b\\\\c\\n\\u0001é😀\"");
    }

    @Test
    void packetInvariants() {
        assertThatThrownBy(() -> new EnginePacket(EnginePacketType.PING, null, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnginePacket(EnginePacketType.MESSAGE, "x", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new EnginePacket(EnginePacketType.NOOP, null, null).text()).isEmpty();
        assertThat(EnginePacketType.fromCode('7')).isNull();
        assertThat(EnginePacketType.fromCode('/')).isNull();
        assertThat(EnginePacketType.fromCode('6')).isEqualTo(EnginePacketType.NOOP);
    }
}
