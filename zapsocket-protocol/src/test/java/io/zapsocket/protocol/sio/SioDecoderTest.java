package io.zapsocket.protocol.sio;

import io.zapsocket.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SioDecoderTest {

    private final SioDecoder decoder = new SioDecoder(SioDecoder.DEFAULT_MAX_ATTACHMENTS);

    @Test
    void decodesConnect() {
        assertThat(decoder.addText("0")).isEqualTo(new SioPacket(SioPacketType.CONNECT, "/", -1, null));
        assertThat(decoder.addText("0{\"token\":\"123\"}"))
                .isEqualTo(SioPacket.connect("/", Map.of("token", "123")));
        assertThat(decoder.addText("0/custom,")).isEqualTo(SioPacket.connect("/custom", null));
        assertThat(decoder.addText("0/custom")).isEqualTo(SioPacket.connect("/custom", null));
        assertThat(decoder.addText("0/admin,{\"token\":\"x\"}"))
                .isEqualTo(SioPacket.connect("/admin", Map.of("token", "x")));
        assertThat(decoder.addText("0/random")).isEqualTo(SioPacket.connect("/random", null));
    }

    @Test
    void decodesDisconnect() {
        assertThat(decoder.addText("1")).isEqualTo(SioPacket.disconnect("/"));
        assertThat(decoder.addText("1/custom,")).isEqualTo(SioPacket.disconnect("/custom"));
        assertThat(decoder.addText("1/custom")).isEqualTo(SioPacket.disconnect("/custom"));
    }

    @Test
    void decodesEvents() {
        SioPacket p = decoder.addText("2[\"message\",1,\"2\",{\"3\":[true]}]");
        assertThat(p.type()).isEqualTo(SioPacketType.EVENT);
        assertThat(p.nsp()).isEqualTo("/");
        assertThat(p.id()).isEqualTo(-1);
        assertThat(p.hasId()).isFalse();
        assertThat(p.isEventLike()).isTrue();
        assertThat(p.eventName()).isEqualTo("message");
        assertThat(p.args()).containsExactly("message", 1, "2", Map.of("3", List.of(true)));
        assertThat(decoder.addText("2/admin,[\"x\"]")).isEqualTo(SioPacket.event("/admin", List.of("x")));
        assertThat(decoder.addText("2[42,\"numeric name\"]").eventName()).isEqualTo("42");
        assertThat(decoder.addText("2[1.5]").eventName()).isEqualTo("1.5");
    }

    @Test
    void acceptsWhitespaceAroundThePayloadLikeJsonParse() {
        assertThat(decoder.addText("2 [\"x\"] ")).isEqualTo(SioPacket.event("/", List.of("x")));
        assertThat(decoder.addText("01")).isEqualTo(new SioPacket(SioPacketType.CONNECT, "/", 1, null));
    }

    @Test
    void decodesAckIds() {
        assertThat(decoder.addText("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"))
                .isEqualTo(SioPacket.event("/", 456, List.of("message-with-ack", 1, "2", Map.of("3", List.of(false)))));
        assertThat(decoder.addText("2/admin,13[\"ev\"]")).isEqualTo(SioPacket.event("/admin", 13, List.of("ev")));
        assertThat(decoder.addText("20[\"ev\"]").id()).isZero();
        SioPacket ack = decoder.addText("3456[1,\"2\",{\"3\":[false]}]");
        assertThat(ack).isEqualTo(SioPacket.ack("/", 456, List.of(1, "2", Map.of("3", List.of(false)))));
        assertThat(ack.isAckLike()).isTrue();
        assertThat(ack.eventName()).isNull();
        assertThat(decoder.addText("31[]")).isEqualTo(SioPacket.ack("/", 1, List.of()));
        assertThat(decoder.addText("3/admin,999999999999999[]").id()).isEqualTo(999_999_999_999_999L);
    }

    @Test
    void decodesConnectError() {
        assertThat(decoder.addText("4/random,{\"message\":\"Invalid namespace\"}"))
                .isEqualTo(SioPacket.connectError("/random", Map.of("message", "Invalid namespace")));
        assertThat(decoder.addText("4\"oops\"")).isEqualTo(SioPacket.connectError("/", "oops"));
    }

    @Test
    void reassemblesBinaryEvent() {
        assertThat(decoder.addText(
                "52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]")).isNull();
        assertThat(decoder.awaitingAttachments()).isTrue();
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5, 6};
        assertThat(decoder.addBinary(a)).isNull();
        SioPacket p = decoder.addBinary(b);
        assertThat(decoder.awaitingAttachments()).isFalse();
        assertThat(p.type()).isEqualTo(SioPacketType.BINARY_EVENT);
        assertThat(p.isEventLike()).isTrue();
        assertThat(p.eventName()).isEqualTo("message");
        assertThat(p.args()).containsExactly("message", a, b);
        // the decoder is ready for the next packet
        assertThat(decoder.addText("2[\"next\"]").eventName()).isEqualTo("next");
    }

    @Test
    void reassemblesBinaryAckWithIdAndNamespace() {
        assertThat(decoder.addText("62-/admin,789[{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]"))
                .isNull();
        byte[] a = {1};
        byte[] b = {2};
        decoder.addBinary(a);
        SioPacket p = decoder.addBinary(b);
        assertThat(p.type()).isEqualTo(SioPacketType.BINARY_ACK);
        assertThat(p.isAckLike()).isTrue();
        assertThat(p.nsp()).isEqualTo("/admin");
        assertThat(p.id()).isEqualTo(789);
        assertThat(p.args()).containsExactly(b, a);
    }

    @Test
    void replacesNestedPlaceholdersInListsAndMaps() {
        decoder.addText("52-[\"ev\",{\"a\":[{\"_placeholder\":true,\"num\":0}],"
                + "\"b\":{\"_placeholder\":true,\"num\":1,\"extra\":0}},{\"_placeholder\":true,\"num\":0}]");
        byte[] a = {1};
        byte[] b = {2};
        decoder.addBinary(a);
        SioPacket p = decoder.addBinary(b);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) p.args().get(1);
        assertThat(((List<?>) m.get("a")).get(0)).isSameAs(a);
        assertThat(m.get("b")).isSameAs(b);
        assertThat(p.args().get(2)).isSameAs(a);
        assertThat(m.keySet()).containsExactly("a", "b");
    }

    @Test
    void findsPlaceholdersAtTheMaximumNestingDepth() {
        int depth = 998; // + the args array + the placeholder object = the parser's limit of 1000
        String text = "51-[\"deep\"," + "[".repeat(depth) + "{\"_placeholder\":true,\"num\":0}"
                + "]".repeat(depth) + "]";
        assertThat(decoder.addText(text)).isNull();
        byte[] b = {1};
        Object v = decoder.addBinary(b).args().get(1);
        for (int i = 0; i < depth - 1; i++) {
            v = ((List<?>) v).get(0);
        }
        assertThat(((List<?>) v).get(0)).isSameAs(b);
        String tooDeep = "2[\"deep\"," + "[".repeat(depth + 2) + "]".repeat(depth + 2) + "]"; // 1001 levels
        assertThatThrownBy(() -> new SioDecoder().addText(tooDeep))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void placeholderNumMayBeAnIntegralDoubleLikeInJavaScript() {
        decoder.addText("51-[\"ev\",{\"_placeholder\":true,\"num\":0.0}]");
        byte[] a = {1};
        assertThat(decoder.addBinary(a).args().get(1)).isSameAs(a);
    }

    @Test
    void notAPlaceholderUnlessItsFlagIsTrue() {
        decoder.addText("51-[\"ev\",{\"_placeholder\":1,\"num\":0},{\"_placeholder\":true,\"num\":0}]");
        SioPacket p = decoder.addBinary(new byte[] {1});
        assertThat(p.args().get(1)).isEqualTo(Map.of("_placeholder", 1, "num", 0));
    }

    @Test
    void allowsUpToMaxAttachments() {
        SioDecoder d = new SioDecoder(2);
        assertThat(d.addText("62-3[]")).isNull();
        d.addBinary(new byte[0]);
        assertThat(d.addBinary(new byte[0])).isEqualTo(new SioPacket(SioPacketType.BINARY_ACK, "/", 3, List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", // empty
        "7", "9[]", "a", "-", " 2[\"x\"]", "\u0662[\"x\"]", // unknown type
        "5[\"x\"]", "51[\"x\"]", "5-[\"x\"]", "5x-[\"x\"]", "51", "5", "5 1-[\"x\"]", // bad attachments header
        "50-[\"x\"]", "60-[]", "500-[\"x\"]", // zero attachments
        "511-[\"x\"]", "52147483648-[\"x\"]", "51234567890123-[\"x\"]", // too many attachments
        "0abc", "0[]", "0\"s\"", "0null", "01[]", "0/admin,[]", // CONNECT payload
        "1{}", "1[]", "1/admin,{}", "1null", // DISCONNECT payload
        "2", "2/admin,", "2{}", "2[]", "2\"x\"", "2null", "2[null]", "2[{}]", "2[[\"x\"]]", "2[true]", // EVENT
        "2[\"connect\"]", "2[\"connect_error\"]", "2[\"disconnect\"]", "2[\"disconnecting\"]",
        "2[\"newListener\"]", "2[\"removeListener\"]", "2/admin,5[\"disconnect\",1]",
        "2abc[\"x\"]", "2[\"x\"]x", "2[\"x\"] x", "2[\"x\"]]", "2[\"x\"", // bad JSON
        "21234567890123456[\"x\"]", "29999999999999999999999[\"x\"]", // ack id overflow
        "3", "3{}", "31", "31{}", "31\"x\"", "3null", // ACK payload
        "4", "4[]", "41", "4null", "4/admin,", // CONNECT_ERROR payload
        "51-[\"x\",{\"_placeholder\":true,\"num\":1}]", "51-[\"x\",{\"_placeholder\":true,\"num\":-1}]",
        "51-[\"x\",{\"_placeholder\":true,\"num\":0.5}]", "51-[\"x\",{\"_placeholder\":true,\"num\":\"0\"}]",
        "51-[\"x\",{\"_placeholder\":true}]", "51-[\"x\",{\"_placeholder\":true,\"num\":null}]",
        "61-[{\"_placeholder\":true,\"num\":99999999999}]", "51-{}", "61-{}", "51-[\"disconnect\"]",
    })
    void rejectsInvalidPacketsWithProtocolException(String text) {
        assertThatThrownBy(() -> decoder.addText(text)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> decoder.addText("2[\"valid\"]")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("failed earlier");
    }

    @Test
    void rejectsTooManyAttachmentsForTheConfiguredLimit() {
        SioDecoder d = new SioDecoder(1);
        assertThatThrownBy(() -> d.addText("52-[\"x\"]")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("too many attachments");
        SioDecoder none = new SioDecoder(0);
        assertThatThrownBy(() -> none.addText("51-[\"x\"]")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsTextWhileAttachmentsArePending() {
        decoder.addText("51-[\"x\",{\"_placeholder\":true,\"num\":0}]");
        assertThatThrownBy(() -> decoder.addText("2[\"y\"]")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("waiting");
        assertThatThrownBy(() -> decoder.addBinary(new byte[0])).isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsBinaryWhenNoneIsExpected() {
        assertThatThrownBy(() -> decoder.addBinary(new byte[] {1})).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unexpected binary");
        assertThatThrownBy(() -> decoder.addText("2[\"x\"]")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsNullInputWithProtocolException() {
        assertThatThrownBy(() -> decoder.addText(null)).isInstanceOf(ProtocolException.class);
        SioDecoder d = new SioDecoder();
        d.addText("51-[\"x\",{\"_placeholder\":true,\"num\":0}]");
        assertThatThrownBy(() -> d.addBinary(null)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void keepsTheJsonCause() {
        assertThatThrownBy(() -> decoder.addText("2abc[\"x\"]")).isInstanceOf(ProtocolException.class)
                .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }

    @Test
    void rejectsNegativeMaxAttachments() {
        assertThatThrownBy(() -> new SioDecoder(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
