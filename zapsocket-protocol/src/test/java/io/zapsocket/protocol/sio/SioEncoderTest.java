package io.zapsocket.protocol.sio;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expected strings are socket.io-parser 4.2 output (and PROTOCOL.md §2/§3.2). */
class SioEncoderTest {

    private final SioEncoder encoder = SioEncoder.INSTANCE;

    private String text(SioPacket p) {
        Encoded e = encoder.encode(p);
        assertThat(e.attachments()).isEmpty();
        assertThat(e.isBinary()).isFalse();
        return e.text();
    }

    @Test
    void encodesConnect() {
        assertThat(text(SioPacket.connect("/", null))).isEqualTo("0");
        assertThat(text(SioPacket.connect(null, Map.of("sid", "abc")))).isEqualTo("0{\"sid\":\"abc\"}");
        assertThat(text(SioPacket.connect("/admin", Map.of("token", "x")))).isEqualTo("0/admin,{\"token\":\"x\"}");
        assertThat(text(SioPacket.connect("/custom", null))).isEqualTo("0/custom,");
    }

    @Test
    void encodesDisconnect() {
        assertThat(text(SioPacket.disconnect("/"))).isEqualTo("1");
        assertThat(text(SioPacket.disconnect("/admin"))).isEqualTo("1/admin,");
    }

    @Test
    void encodesEvents() {
        assertThat(text(SioPacket.event("/", List.of("hello", "world")))).isEqualTo("2[\"hello\",\"world\"]");
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("3", List.of(true));
        assertThat(text(SioPacket.event("/", List.of("message-back", 1, "2", obj))))
                .isEqualTo("2[\"message-back\",1,\"2\",{\"3\":[true]}]");
        assertThat(text(SioPacket.event("/admin", List.of("ev")))).isEqualTo("2/admin,[\"ev\"]");
        assertThat(text(SioPacket.event("/", List.of(7, 1.0)))).isEqualTo("2[7,1]");
        assertThat(text(SioPacket.event("/", List.of(new StringBuilder("sb"))))).isEqualTo("2[\"sb\"]");
    }

    @Test
    void encodesAckIds() {
        assertThat(text(SioPacket.event("/", 0, List.of("hello")))).isEqualTo("20[\"hello\"]");
        assertThat(text(SioPacket.event("/admin", 13, List.of("hello")))).isEqualTo("2/admin,13[\"hello\"]");
        assertThat(text(SioPacket.ack("/", 456, List.of(1, "2", Map.of("3", List.of(false))))))
                .isEqualTo("3456[1,\"2\",{\"3\":[false]}]");
        assertThat(text(SioPacket.ack("/", 1, List.of()))).isEqualTo("31[]");
        assertThat(text(SioPacket.ack("/admin", 9_007_199_254_740_991L, List.of())))
                .isEqualTo("3/admin,9007199254740991[]");
    }

    @Test
    void encodesConnectError() {
        assertThat(text(SioPacket.connectError("/random", Map.of("message", "Invalid namespace"))))
                .isEqualTo("4/random,{\"message\":\"Invalid namespace\"}");
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("message", "Not authorized");
        err.put("data", Map.of("code", 4));
        assertThat(text(SioPacket.connectError("/", err)))
                .isEqualTo("4{\"message\":\"Not authorized\",\"data\":{\"code\":4}}");
        assertThat(text(SioPacket.connectError("/", "oops"))).isEqualTo("4\"oops\"");
    }

    @Test
    void replacesBinariesWithPlaceholders() {
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5, 6};
        Encoded e = encoder.encode(SioPacket.event("/", List.of("message-back", a, b)));
        assertThat(e.text()).isEqualTo(
                "52-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(e.attachments()).containsExactly(a, b);
        assertThat(e.isBinary()).isTrue();
    }

    @Test
    void binaryAckCarriesIdAndNamespace() {
        byte[] a = {1};
        byte[] b = {2};
        assertThat(encoder.encode(SioPacket.ack("/", 789, List.of(a, b))).text()).isEqualTo(
                "62-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(encoder.encode(SioPacket.ack("/admin", 15, List.of(a))).text())
                .isEqualTo("61-/admin,15[{\"_placeholder\":true,\"num\":0}]");
        assertThat(encoder.encode(SioPacket.event("/admin", List.of("x", a))).text())
                .isEqualTo("51-/admin,[\"x\",{\"_placeholder\":true,\"num\":0}]");
    }

    @Test
    void findsBinariesDepthFirstInNestedListsMapsAndArrays() {
        byte[] b0 = {0};
        byte[] b1 = {1};
        byte[] b2 = {2};
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deep", List.of(Map.of("bin", b1)));
        m.put("arr", new Object[] {b2});
        Encoded e = encoder.encode(SioPacket.event("/", List.of("ev", List.of(b0), m)));
        assertThat(e.text()).isEqualTo("53-[\"ev\",[{\"_placeholder\":true,\"num\":0}],"
                + "{\"deep\":[{\"bin\":{\"_placeholder\":true,\"num\":1}}],"
                + "\"arr\":[{\"_placeholder\":true,\"num\":2}]}]");
        assertThat(e.attachments()).containsExactly(b0, b1, b2);
    }

    record Upload(String name, byte[] content, List<byte[]> parts) {
    }

    @Test
    void findsBinariesInRecordFields() {
        byte[] c = {7, 7};
        byte[] p0 = {8};
        Encoded e = encoder.encode(SioPacket.event("/", List.of("upload", new Upload("f", c, List.of(p0)))));
        assertThat(e.text()).isEqualTo("52-[\"upload\",{\"name\":\"f\",\"content\":{\"_placeholder\":true,\"num\":0},"
                + "\"parts\":[{\"_placeholder\":true,\"num\":1}]}]");
        assertThat(e.attachments().get(0)).containsExactly(7, 7);
        assertThat(e.attachments().get(1)).containsExactly(8);
    }

    @Test
    void copiesByteBufferRemainingBytesWithoutMovingIt() {
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {0, 1, 2, 3, 4});
        buf.position(1).limit(4);
        Encoded e = encoder.encode(SioPacket.event("/", List.of("bb", buf)));
        assertThat(e.text()).isEqualTo("51-[\"bb\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(e.attachments().get(0)).containsExactly(1, 2, 3);
        assertThat(buf.position()).isEqualTo(1);
        assertThat(buf.limit()).isEqualTo(4);
        ByteBuffer direct = ByteBuffer.allocateDirect(2).put((byte) 9).put((byte) 8).flip();
        assertThat(encoder.encode(SioPacket.event("/", List.of("d", direct))).attachments().get(0))
                .containsExactly(9, 8);
    }

    @Test
    void tenOrMoreAttachmentsGetAMultiDigitHeader() {
        Object[] args = new Object[13];
        args[0] = "many";
        for (int i = 1; i < args.length; i++) {
            args[i] = new byte[] {(byte) i};
        }
        Encoded e = encoder.encode(SioPacket.event("/", Arrays.asList(args)));
        assertThat(e.text()).startsWith("512-[\"many\",{\"_placeholder\":true,\"num\":0},")
                .endsWith("{\"_placeholder\":true,\"num\":11}]");
        assertThat(e.attachments()).hasSize(12);
    }

    @Test
    void givenBinaryTypeWithoutBinaryIsEncodedAsPlainType() {
        assertThat(text(new SioPacket(SioPacketType.BINARY_EVENT, "/", -1, List.of("x")))).isEqualTo("2[\"x\"]");
        assertThat(text(new SioPacket(SioPacketType.BINARY_ACK, "/", 3, List.of()))).isEqualTo("33[]");
    }

    @Test
    void binaryOutsideEventsUsesBufferJson() {
        assertThat(text(SioPacket.connect("/", Map.of("b", new byte[] {1}))))
                .isEqualTo("0{\"b\":{\"type\":\"Buffer\",\"data\":[1]}}");
    }

    @Test
    void rejectsProgrammerErrors() {
        for (String reserved : ReservedEvents.NAMES) {
            assertThatThrownBy(() -> encoder.encode(SioPacket.event("/", List.of(reserved))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        }
        assertThatThrownBy(() -> encoder.encode(SioPacket.event("/", Arrays.asList(null, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> encoder.encode(SioPacket.event("/", List.of(Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(SioPacket.event("/", List.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(SioPacket.event("/", List.of(Map.of()))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(new SioPacket(SioPacketType.EVENT, "/", -1, "notalist")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(new SioPacket(SioPacketType.ACK, "/", -1, List.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(new SioPacket(SioPacketType.DISCONNECT, "/", -1, "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(SioPacket.connectError("/", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(SioPacket.event("admin", List.of("x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(SioPacket.event("/a,b", List.of("x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encode(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SioPacket.event("/", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SioPacket.ack("/", -1, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodedPacketIsImmutableAndShareable() {
        Encoded e = encoder.encode(SioPacket.event("/", List.of("x", new byte[] {1})));
        assertThatThrownBy(() -> e.attachments().add(new byte[0])).isInstanceOf(UnsupportedOperationException.class);
    }
}
