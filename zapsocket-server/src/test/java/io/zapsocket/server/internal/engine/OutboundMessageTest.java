package io.zapsocket.server.internal.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundMessageTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "", "3[\"hello\"]", "2[\"\u007f\"]", "2[\"\u0080\u00e9\u07ff\u0800\u20ac\uffff\"]", "2[\"\uD83D\uDE00\"]",
        "2[\"\uD800\"]", "\uDC00", "2[\"a\uD800\"]", "2[\"\uDBFF\uDFFF\"]",
    })
    void encodesTheTypeDigitAndTheTextAsTheJdkEncodesTheirConcatenation(String text) {
        byte[] expected = ("4" + text).getBytes(StandardCharsets.UTF_8);
        assertThat(OutboundMessage.encodeWithType(text)).isEqualTo(expected);
        OutboundMessage m = OutboundMessage.of(text, List.of(), true);
        assertThat(m.utf8WithType()).isEqualTo(expected).isSameAs(m.utf8WithType());
    }
}
