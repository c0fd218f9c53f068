package io.zapsocket.protocol.json;

import io.zapsocket.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expected re-serializations are Node 20's {@code JSON.stringify(JSON.parse(s))}. */
class JsonParseTest {

    @Test
    void mapsJsonToPlainJavaValues() {
        Object v = Json.parse("{\"s\":\"x\",\"i\":1,\"l\":3000000000,\"d\":1.5,\"e\":1e2,\"big\":"
                + "123456789012345678901234567890,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,\"2\"],\"o\":{}}");
        assertThat(v).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.get("s")).isEqualTo("x");
        assertThat(m.get("i")).isEqualTo(1);
        assertThat(m.get("l")).isEqualTo(3_000_000_000L);
        assertThat(m.get("d")).isEqualTo(1.5);
        assertThat(m.get("e")).isEqualTo(100.0);
        assertThat(m.get("big")).isEqualTo(1.2345678901234568e29);
        assertThat(m.get("t")).isEqualTo(true);
        assertThat(m.get("f")).isEqualTo(false);
        assertThat(m).containsEntry("n", null);
        assertThat(m.get("a")).isInstanceOf(ArrayList.class).isEqualTo(List.of(1, "2"));
        assertThat(m.get("o")).isInstanceOf(LinkedHashMap.class).isEqualTo(Map.of());
        assertThat(m.keySet()).containsExactly("s", "i", "l", "d", "e", "big", "t", "f", "n", "a", "o");
    }

    @Test
    void parsesScalarRootsAndWhitespace() {
        assertThat(Json.parse("null")).isNull();
        assertThat(Json.parse(" \t\r\n 7 \n")).isEqualTo(7);
        assertThat(Json.parse("-0")).isEqualTo(0);
        assertThat(Json.parse("-0.0")).isEqualTo(-0.0);
        assertThat(Json.parse("\"\\u00e9\\ud83d\\ude00\\/\"")).isEqualTo("é\uD83D\uDE00/");
        assertThat(Json.parse("\"\\ud800\"")).isEqualTo("\uD800");
        assertThat(Json.parse("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Json.parse("2147483648")).isEqualTo(2147483648L);
        assertThat(Json.parse("-2147483648")).isEqualTo(Integer.MIN_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(9.223372036854776e18);
    }

    @Test
    void duplicateKeysLastValueWinsFirstPositionKept() {
        assertThat(Json.stringify(Json.parse("{\"a\":1,\"b\":2,\"a\":3}"))).isEqualTo("{\"a\":3,\"b\":2}");
    }

    @Test
    void ordersArrayIndexKeysFirstLikeJavaScriptObjects() {
        assertThat(Json.stringify(Json.parse("{\"b\":1,\"2\":2,\"1\":3}"))).isEqualTo("{\"1\":3,\"2\":2,\"b\":1}");
        assertThat(Json.stringify(Json.parse("{\"4294967295\":1,\"4294967294\":2,\"01\":3,\"1\":4}")))
                .isEqualTo("{\"1\":4,\"4294967294\":2,\"4294967295\":1,\"01\":3}");
        assertThat(Json.stringify(Json.parse("{\"0\":1,\"1\":2,\"x\":3}"))).isEqualTo("{\"0\":1,\"1\":2,\"x\":3}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[\"message\",1,\"2\",{\"3\":[true]}]",
        "[\"message-with-ack\",1,\"2\",{\"3\":[false]}]",
        "[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        "[\"auth\",{\"token\":\"123\"}]",
        "{\"sid\":\"okI2xD\",\"pid\":\"ykdc\"}",
        "{\"message\":\"Invalid namespace\"}",
        "[\"news\",1,\"Q80xsA6\"]",
        "[{\"got\":\"world\"}]",
        "[]",
        "{}",
        "[0.30000000000000004,1e+21,1e-7,-1.5,\"\\u0000\\n\\\"\",\"\u2028\",null]",
    })
    void roundTripsProtocolPayloadsByteForByte(String json) {
        assertThat(Json.stringify(Json.parse(json))).isEqualTo(json);
    }

    /** Text that is not JSON (as {@code JSON.parse} sees it); shared with the fast path's test. */
    static final String[] MALFORMED = {
        "", " ", "{", "}", "[", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "{1:2}",
        "[1]2", "1 2", "{}{}", "[1]x", "truex", "tru", "nul", "NaN", "Infinity", "-Infinity", "+1", "01", "-01",
        "1.", ".5", "1e", "1e+", "-", "0x10", "\"abc", "\"\\x\"", "\"\\u12\"", "\"a\u0001b\"", "\"\t\"",
        "[1]//c", "/*c*/1", "\uFEFF[]", "[]\u00a0", "[true false]", "undefined", "'a'", "\"\\\"",
    };

    static String[] malformed() {
        return MALFORMED;
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedJsonWithProtocolException(String json) {
        assertThatThrownBy(() -> Json.parse(json)).isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("invalid JSON");
    }

    @Test
    void rejectsNonAsciiDigitsInUnicodeEscapesLikeJsonParse() {
        // Jackson alone would read these as U+2025 and 'A' (it masks each digit with 0xFF)
        assertThatThrownBy(() -> Json.parse("\"\\u202\u9035\"")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Json.parse("[\"\\u\u0130041\"]")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Json.parse("xx[\"\\u00e\u0661\"]", 2)).isInstanceOf(ProtocolException.class);
        assertThat(Json.parse("[\"\\\\u\",\"\\\\\\u0041\\\"\\u00e9\"]")).isEqualTo(List.of("\\u", "\\A\"é"));
    }

    @Test
    void keepsJacksonCauseOnSyntaxErrors() {
        assertThatThrownBy(() -> Json.parse("[1,]")).isInstanceOf(ProtocolException.class)
                .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonParseException.class);
    }

    @Test
    void rejectsNestingBeyondTheLimit() {
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertThat(Json.parse(ok)).isInstanceOf(List.class);
        String tooDeep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Json.parse(tooDeep)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Json.parse("[".repeat(100_000))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void parsesFromAnOffset() {
        String packet = "2/admin,13[\"ev\",{\"k\":[1,2]}]";
        assertThat(Json.parse(packet, 10)).isEqualTo(List.of("ev", Map.of("k", List.of(1, 2))));
        assertThat(Json.parse("xx7", 2)).isEqualTo(7);
        assertThatThrownBy(() -> Json.parse("2abc", 1)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Json.parse("[1]", 3)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Json.parse("[1]", 4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void parsesLongInputFromAnOffsetAcrossReaderChunks() {
        StringBuilder sb = new StringBuilder("42[\"big\"");
        for (int i = 0; i < 5000; i++) {
            sb.append(",{\"k").append(i).append("\":\"").append("v".repeat(i % 50)).append("\"}");
        }
        sb.append(']');
        String s = sb.toString();
        assertThat(Json.stringify(Json.parse(s, 2))).isEqualTo(s.substring(2));
    }
}
