package io.zapsocket.protocol.sio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The socket.io v5 conformance-suite exchanges (PROTOCOL.md §3.2), decoded and re-encoded as the server would. */
class SioRoundTripTest {

    private final SioDecoder decoder = new SioDecoder();
    private final SioEncoder encoder = SioEncoder.INSTANCE;

    @ParameterizedTest
    @ValueSource(strings = {
        "0", "0{\"token\":\"123\"}", "0/custom,", "0/custom,{\"token\":\"abc\"}", "0{\"sid\":\"okI2\",\"pid\":\"ykdc\"}",
        "1", "1/custom,",
        "2[\"message\",1,\"2\",{\"3\":[true]}]", "2/admin,13[\"ev\",null,[],{}]", "2[\"news\",1,\"Q80xsA6\"]",
        "2[\"e\",0.30000000000000004,1e+21,-1e-7,\"\\u0000\\ud800\u2028\"]",
        "3456[1,\"2\",{\"3\":[false]}]", "31[]", "30[{\"got\":\"world\"}]",
        "4{\"message\":\"Not authorized\",\"data\":{\"code\":1}}", "4/random,{\"message\":\"Invalid namespace\"}",
        "4\"plain\"",
    })
    void textPacketsReEncodeByteForByte(String text) {
        assertThat(encoder.encode(decoder.addText(text)).text()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        "52-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        "51-/admin,[\"x\",{\"nested\":[{\"_placeholder\":true,\"num\":0}]}]",
        "62-15[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        "61-/admin,3[{\"_placeholder\":true,\"num\":0}]",
    })
    void binaryPacketsReEncodeByteForByteWithTheSameAttachments(String text) {
        int count = text.charAt(1) - '0';
        assertThat(decoder.addText(text)).isNull();
        List<byte[]> sent = new ArrayList<>();
        SioPacket p = null;
        for (int i = 0; i < count; i++) {
            byte[] b = {(byte) i, (byte) (i + 1)};
            sent.add(b);
            p = decoder.addBinary(b);
        }
        Encoded e = encoder.encode(p);
        assertThat(e.text()).isEqualTo(text);
        assertThat(e.attachments()).containsExactlyElementsOf(sent);
    }

    @Test
    void serverEchoesMessageBackWithBinaries() {
        decoder.addText("52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        decoder.addBinary(new byte[] {1, 2, 3});
        SioPacket in = decoder.addBinary(new byte[] {4, 5, 6});

        List<Object> back = new ArrayList<>(in.args());
        back.set(0, "message-back");
        Encoded out = encoder.encode(SioPacket.event(in.nsp(), back));
        assertThat(out.text()).isEqualTo(
                "52-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(out.attachments().get(0)).containsExactly(1, 2, 3);
        assertThat(out.attachments().get(1)).containsExactly(4, 5, 6);
    }

    @Test
    void serverAnswersAckWithAllArguments() {
        SioPacket in = decoder.addText("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        Encoded out = encoder.encode(SioPacket.ack(in.nsp(), in.id(), in.args().subList(1, in.args().size())));
        assertThat(out.text()).isEqualTo("3456[1,\"2\",{\"3\":[false]}]");

        decoder.addText("52-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},"
                + "{\"_placeholder\":true,\"num\":1}]");
        decoder.addBinary(new byte[] {1});
        SioPacket bin = decoder.addBinary(new byte[] {2});
        Encoded binOut = encoder.encode(SioPacket.ack(bin.nsp(), bin.id(), bin.args().subList(1, 3)));
        assertThat(binOut.text()).isEqualTo("62-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
    }
}
