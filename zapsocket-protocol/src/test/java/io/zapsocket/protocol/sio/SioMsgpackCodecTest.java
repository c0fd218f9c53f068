package io.zapsocket.protocol.sio;

import io.zapsocket.protocol.ProtocolException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code socket.io-msgpack-parser} 3.0.2 wire format; the hex vectors were written by its Node encoder. */
class SioMsgpackCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    @Test
    void connectWithoutAndWithData() {
        assertThat(SioMsgpackCodec.encode(SioPacket.connect("/", null))).isEqualTo(hex("82a47479706500a36e7370a12f"));
        assertThat(SioMsgpackCodec.decode(hex("82a47479706500a36e7370a12f"))).isEqualTo(SioPacket.connect("/", null));
        byte[] withSid = hex("83a47479706500a46461746181a3736964a3616263a36e7370a12f");
        assertThat(SioMsgpackCodec.encode(SioPacket.connect("/", Map.of("sid", "abc")))).isEqualTo(withSid);
        assertThat(SioMsgpackCodec.decode(withSid).data()).isEqualTo(Map.of("sid", "abc"));
    }

    @Test
    void eventWithAckIdAndInlineBinary() {
        byte[] wire = hex("84a47479706502a46461746193a568656c6c6f01c403010203a36e7370a52f63686174a2696407");
        SioPacket p = SioMsgpackCodec.decode(wire);
        assertThat(p.type()).isEqualTo(SioPacketType.EVENT);
        assertThat(p.nsp()).isEqualTo("/chat");
        assertThat(p.id()).isEqualTo(7);
        assertThat(p.eventName()).isEqualTo("hello");
        assertThat(p.args().get(1)).isEqualTo(1);
        assertThat((byte[]) p.args().get(2)).containsExactly(1, 2, 3);
        assertThat(SioMsgpackCodec.encode(new SioPacket(SioPacketType.BINARY_EVENT, "/chat", 7,
                List.of("hello", 1, new byte[] {1, 2, 3})))).isEqualTo(wire);
    }

    @Test
    void browserArrayBufferIsExtZeroAndOptionsMemberIsIgnored() {
        SioPacket p = SioMsgpackCodec.decode(
                hex("84a47479706502a46461746192a26162c702000405a76f7074696f6e7381a8636f6d7072657373c3a36e7370a12f"));
        assertThat(p.eventName()).isEqualTo("ab");
        assertThat((byte[]) p.args().get(1)).containsExactly(4, 5);
        assertThat(p.hasId()).isFalse();
    }

    @Test
    void ackWithDateAsNotepack2FixextZero() {
        byte[] wire = hex("84a47479706503a46461746191d7000000018bcfe5687ba36e7370a12fa2696403");
        SioPacket p = SioMsgpackCodec.decode(wire);
        assertThat(p.type()).isEqualTo(SioPacketType.ACK);
        assertThat(p.id()).isEqualTo(3);
        assertThat(p.args()).containsExactly(Instant.ofEpochMilli(1700000000123L));
        assertThat(SioMsgpackCodec.encode(SioPacket.ack("/", 3, List.of(Instant.ofEpochMilli(1700000000123L)))))
                .isEqualTo(wire);
    }

    @Test
    void connectErrorDisconnectAndJavaScriptValues() {
        byte[] err = hex("83a47479706504a46461746181a76d657373616765a46e6f7065a36e7370a22f78");
        assertThat(SioMsgpackCodec.encode(SioPacket.connectError("/x", Map.of("message", "nope")))).isEqualTo(err);
        assertThat(SioMsgpackCodec.decode(err).dataAsMap()).containsEntry("message", "nope");
        byte[] disc = hex("82a47479706501a36e7370a12f");
        assertThat(SioMsgpackCodec.encode(SioPacket.disconnect("/"))).isEqualTo(disc);
        assertThat(SioMsgpackCodec.decode(disc)).isEqualTo(SioPacket.disconnect("/"));
        SioPacket values = SioMsgpackCodec.decode(
                hex("83a47479706502a46461746197a175d40000c0cb3ff8000000000000ffcd012ca2c3a9a36e7370a12f"));
        assertThat(values.args()).containsExactly("u", null, null, 1.5, -1, 300, "é");
    }

    @Test
    void undefinedOrNilDataAndIdCountAsAbsent() {
        // socket.io-client 4.8 + the parser: CONNECT without auth is {type:0, data:undefined, nsp:"/"}
        assertThat(SioMsgpackCodec.decode(hex("83a47479706500a464617461d40000a36e7370a12f")))
                .isEqualTo(SioPacket.connect("/", null));
        assertThat(SioMsgpackCodec.decode(hex("83a47479706501a464617461c0a36e7370a12f")))
                .isEqualTo(SioPacket.disconnect("/"));
        assertThat(SioMsgpackCodec.decode(hex("84a47479706502a46461746191a165a36e7370a12fa26964d40000")).hasId())
                .isFalse();
        assertThat(SioMsgpackCodec.decode(hex("84a47479706502a46461746191a165a36e7370a12fa26964c0")).hasId())
                .isFalse();
    }

    @Test
    void encoderRefusesPacketsTheDefaultEncoderRefuses() {
        assertThatThrownBy(() -> SioMsgpackCodec.encode(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SioMsgpackCodec.encode(SioPacket.event("/", List.of("connect"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SioMsgpackCodec.encode(SioPacket.event("/", List.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SioMsgpackCodec.encode(new SioPacket(SioPacketType.ACK, "/", -1, List.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SioMsgpackCodec.encode(new SioPacket(SioPacketType.DISCONNECT, "/", -1, "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SioMsgpackCodec.encode(SioPacket.connectError("/", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "empty,                          ''",
        "reserved format byte,           c1",
        "truncated map,                  82a474797065",
        "trailing bytes,                 82a47479706500a36e7370a12f00",
        "not a map,                      9100",
        "nil,                            c0",
        "type missing,                   81a36e7370a12f",
        "type 5 (no binary types),       82a47479706505a36e7370a12f",
        "type 9,                         82a47479706509a36e7370a12f",
        "type -1,                        82a474797065ffa36e7370a12f",
        "type as string,                 82a474797065a130a36e7370a12f",
        "type 1.5,                       82a474797065cb3ff8000000000000a36e7370a12f",
        "nsp missing,                    81a47479706500",
        "nsp not a string,               82a47479706500a36e737001",
        "nsp without slash,              82a47479706500a36e7370a161",
        "CONNECT with array data,        83a47479706500a46461746190a36e7370a12f",
        "DISCONNECT with data,           83a47479706501a464617461a178a36e7370a12f",
        "EVENT without data,             82a47479706502a36e7370a12f",
        "EVENT with empty array,         83a47479706502a46461746190a36e7370a12f",
        "EVENT with map data,            83a47479706502a46461746180a36e7370a12f",
        "EVENT named connect,            83a47479706502a46461746191a7636f6e6e656374a36e7370a12f",
        "EVENT named by a map,           83a47479706502a4646174619180a36e7370a12f",
        "ACK with string data,           84a47479706503a464617461a178a36e7370a12fa2696401",
        "ACK without id,                 83a47479706503a46461746190a36e7370a12f",
        "CONNECT_ERROR with number,      83a47479706504a46461746101a36e7370a12f",
        "id negative,                    84a47479706502a46461746191a165a36e7370a12fa26964ff",
        "id 1.5,                         84a47479706502a46461746191a165a36e7370a12fa26964cb3ff8000000000000",
        "id as string,                   84a47479706502a46461746191a165a36e7370a12fa26964a131",
        "id 2^53,                        84a47479706502a46461746191a165a36e7370a12fa26964cf0020000000000000",
        "bin longer than the input,      91c67fffffff",
        "str longer than the input,      91db7fffffff",
        "array count beyond the input,   dd7fffffff",
        "map count beyond the input,     df7fffffff",
        "ext longer than the input,      c97fffffff00",
    })
    void badInputIsAProtocolException(String name, String hex) {
        assertThatThrownBy(() -> SioMsgpackCodec.decode(hex(hex.trim()))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void nullAndOverDeepInputAreProtocolExceptions() {
        assertThatThrownBy(() -> SioMsgpackCodec.decode(null)).isInstanceOf(ProtocolException.class);
        byte[] deep = new byte[1100];
        Arrays.fill(deep, (byte) 0x91); // [[[[...]]]]
        deep[deep.length - 1] = 0;
        assertThatThrownBy(() -> SioMsgpackCodec.decode(deep)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("deeper");
    }

    @Test
    void roundTripKeepsNamespaceIdAndNestedBinary() {
        List<Object> args = new ArrayList<>(List.of("ev", Map.of("k", List.of(new byte[] {9})), 2.5, true));
        SioPacket p = SioMsgpackCodec.decode(SioMsgpackCodec.encode(SioPacket.event("/admin", 42, args)));
        assertThat(p.nsp()).isEqualTo("/admin");
        assertThat(p.id()).isEqualTo(42);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) p.args().get(1);
        assertThat((byte[]) ((List<?>) m.get("k")).get(0)).containsExactly(9);
        assertThat(p.args().subList(2, 4)).containsExactly(2.5, true);
    }
}
