package io.zapsocket.protocol.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expected strings are what Node 20's {@code JSON.stringify} prints for the equivalent JavaScript value. */
class JsonStringifyTest {

    static Stream<Arguments> numbers() {
        return Stream.of(
                Arguments.of(0, "0"),
                Arguments.of(-0.0, "0"),
                Arguments.of(0.0f, "0"),
                Arguments.of(1.0, "1"),
                Arguments.of(-1.0, "-1"),
                Arguments.of(1.5, "1.5"),
                Arguments.of(0.1 + 0.2, "0.30000000000000004"),
                Arguments.of(0.1, "0.1"),
                Arguments.of(100.0, "100"),
                Arguments.of(1e7, "10000000"),
                Arguments.of(1e20, "100000000000000000000"),
                Arguments.of(1e21, "1e+21"),
                Arguments.of(-1e21, "-1e+21"),
                Arguments.of(123456789012345680000.0, "123456789012345680000"),
                Arguments.of(1.5e300, "1.5e+300"),
                Arguments.of(1e23, "1e+23"), // Java 17 Double.toString: 9.999999999999999E22
                Arguments.of(2e-3, "0.002"), // Java 17 Double.toString: 0.0020
                Arguments.of(0.000001, "0.000001"),
                Arguments.of(0.0000012345, "0.0000012345"),
                Arguments.of(1e-7, "1e-7"),
                Arguments.of(1.2345e-7, "1.2345e-7"),
                Arguments.of(5e-324, "5e-324"), // Schubfach alone: 4.9E-324
                Arguments.of(1e-323, "1e-323"), // Schubfach alone: 9.9E-324
                Arguments.of(Double.MAX_VALUE, "1.7976931348623157e+308"),
                Arguments.of(Double.MIN_NORMAL, "2.2250738585072014e-308"),
                Arguments.of(9007199254740993.0, "9007199254740992"),
                Arguments.of(Double.NaN, "null"),
                Arguments.of(Double.POSITIVE_INFINITY, "null"),
                Arguments.of(Double.NEGATIVE_INFINITY, "null"),
                Arguments.of(1.1f, "1.100000023841858"), // float widened to double, as a Float32Array element
                Arguments.of(Float.NaN, "null"),
                Arguments.of(new BigDecimal("0.1"), "0.1"),
                Arguments.of(new BigDecimal("1E+21"), "1e+21"),
                Arguments.of(new BigDecimal("3.00"), "3"),
                Arguments.of(Long.MAX_VALUE, "9223372036854775807"),
                Arguments.of(Long.MIN_VALUE, "-9223372036854775808"),
                Arguments.of(Integer.MIN_VALUE, "-2147483648"),
                Arguments.of((short) -7, "-7"),
                Arguments.of((byte) 12, "12"),
                Arguments.of(new BigInteger("123456789012345678901234567890"), "123456789012345678901234567890"));
    }

    @ParameterizedTest
    @MethodSource("numbers")
    void formatsNumbersLikeJavaScript(Object number, String expected) {
        assertThat(Json.stringify(number)).isEqualTo(expected);
    }

    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.of("", "\"\""),
                Arguments.of("plain", "\"plain\""),
                Arguments.of("q\"b\\s/", "\"q\\\"b\\\\s/\""),
                Arguments.of("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\""),
                Arguments.of("\u0000\u0001\u001f\u000b", "\"\\u0000\\u0001\\u001f\\u000b\""),
                Arguments.of("\u007f\u0080", "\"\u007f\u0080\""),
                Arguments.of("\u2028\u2029", "\"\u2028\u2029\""),
                Arguments.of("héllo 日本", "\"héllo 日本\""),
                Arguments.of("\uD83D\uDE00", "\"\uD83D\uDE00\""), // emoji: a valid pair stays raw
                Arguments.of("a\uD800b", "\"a\\ud800b\""), // lone high surrogate
                Arguments.of("\uDC00", "\"\\udc00\""), // lone low surrogate
                Arguments.of("\uDE00\uD83D", "\"\\ude00\\ud83d\""), // reversed pair
                Arguments.of("x\uD83D", "\"x\\ud83d\""), // high surrogate at the end
                Arguments.of("</script>", "\"</script>\""));
    }

    @ParameterizedTest
    @MethodSource("strings")
    void escapesStringsLikeJavaScript(String s, String expected) {
        assertThat(Json.stringify(s)).isEqualTo(expected);
        assertThat(Json.stringify(new StringBuilder(s))).isEqualTo(expected);
    }

    @Test
    void writesScalarsAndSimpleTypes() {
        assertThat(Json.stringify(null)).isEqualTo("null");
        assertThat(Json.stringify(true)).isEqualTo("true");
        assertThat(Json.stringify(false)).isEqualTo("false");
        assertThat(Json.stringify('c')).isEqualTo("\"c\"");
        assertThat(Json.stringify('\n')).isEqualTo("\"\\n\"");
        assertThat(Json.stringify(Thread.State.NEW)).isEqualTo("\"NEW\"");
        assertThat(Json.stringify(Optional.of(List.of(1)))).isEqualTo("[1]");
        assertThat(Json.stringify(Optional.empty())).isEqualTo("null");
    }

    @Test
    void keepsMapIterationOrderAndWritesNullValues() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", null);
        m.put(3, "int key");
        m.put(1.0, "double key");
        m.put(null, "null key");
        assertThat(Json.stringify(m)).isEqualTo("{\"z\":1,\"a\":null,\"3\":\"int key\",\"1\":\"double key\","
                + "\"null\":\"null key\"}");
    }

    @Test
    void writesNestedStructuresCompactly() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("3", List.of(true));
        List<Object> args = Arrays.asList("message", 1, "2", inner, null, List.of(), Map.of());
        assertThat(Json.stringify(args)).isEqualTo("[\"message\",1,\"2\",{\"3\":[true]},null,[],{}]");
        assertThat(Json.stringify(new Object[] {1, new int[] {2, 3}, new String[] {"a"}}))
                .isEqualTo("[1,[2,3],[\"a\"]]");
        assertThat(Json.stringify(new LinkedHashSet<>(List.of("x", "y")))).isEqualTo("[\"x\",\"y\"]");
    }

    @Test
    void writesPrimitiveArrays() {
        assertThat(Json.stringify(new long[] {1, -2})).isEqualTo("[1,-2]");
        assertThat(Json.stringify(new double[] {0.5, -0.0, Double.NaN})).isEqualTo("[0.5,0,null]");
        assertThat(Json.stringify(new float[] {0.5f})).isEqualTo("[0.5]");
        assertThat(Json.stringify(new short[] {7})).isEqualTo("[7]");
        assertThat(Json.stringify(new boolean[] {true, false})).isEqualTo("[true,false]");
        assertThat(Json.stringify(new char[] {'a', '"'})).isEqualTo("[\"a\",\"\\\"\"]");
        assertThat(Json.stringify(new int[0])).isEqualTo("[]");
    }

    @Test
    void writesBinaryAsNodeBufferJson() {
        assertThat(Json.stringify(new byte[] {1, 2, (byte) 255})).isEqualTo("{\"type\":\"Buffer\",\"data\":[1,2,255]}");
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {9, 8, 7, 6});
        buf.position(1).limit(3);
        assertThat(Json.stringify(buf)).isEqualTo("{\"type\":\"Buffer\",\"data\":[8,7]}");
        assertThat(buf.position()).isEqualTo(1);
        assertThat(Json.stringify(new byte[0])).isEqualTo("{\"type\":\"Buffer\",\"data\":[]}");
    }

    @Test
    void binaryHandlerReplacesEveryBinaryInDocumentOrder() {
        List<byte[]> seen = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        byte[] a = {1};
        Json.write(List.of(a, Map.of("k", ByteBuffer.wrap(new byte[] {2, 3}))), sb, (data, out) -> {
            out.append("\"#").append(seen.size()).append('"');
            seen.add(data);
        });
        assertThat(sb).hasToString("[\"#0\",{\"k\":\"#1\"}]");
        assertThat(seen.get(0)).isSameAs(a);
        assertThat(seen.get(1)).containsExactly(2, 3);
    }

    @Test
    void writesInstantsAndDatesLikeDateToJson() {
        assertThat(Json.stringify(Instant.parse("2024-01-31T12:34:56.789123Z")))
                .isEqualTo("\"2024-01-31T12:34:56.789Z\"");
        assertThat(Json.stringify(Instant.EPOCH)).isEqualTo("\"1970-01-01T00:00:00.000Z\"");
        assertThat(Json.stringify(Instant.parse("1969-12-31T23:59:59.999999Z")))
                .isEqualTo("\"1969-12-31T23:59:59.999Z\"");
        assertThat(Json.stringify(new Date(0))).isEqualTo("\"1970-01-01T00:00:00.000Z\"");
        // new Date(8.64e15).toJSON() and new Date(-62198755200000).toJSON() in Node
        assertThat(Json.stringify(new Date(8_640_000_000_000_000L))).isEqualTo("\"+275760-09-13T00:00:00.000Z\"");
        assertThat(Json.stringify(new Date(-62_198_755_200_000L))).isEqualTo("\"-000001-01-01T00:00:00.000Z\"");
        assertThat(Json.stringify(new Date(8_640_000_000_000_001L))).isEqualTo("null");
        assertThat(Json.stringify(Instant.MAX)).isEqualTo("null");
    }

    record Point(int x, double y, String label) {
    }

    record Event(String name, List<Point> points, Map<String, Object> meta, Instant at, Optional<String> note) {
    }

    static final class Bean {
        @JsonProperty("renamed")
        public String field = "v";
        public Double missing = null;
        @JsonRawValue
        public String raw = "{ \"b\" : 1.0 , \"a\" : [ 1e21 ] }";
    }

    static final class Empty {
    }

    @Test
    void writesRecordsThroughJacksonWithJsFormatting() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("b", 2.0);
        meta.put("a", "\u2028");
        Event e = new Event("ev", List.of(new Point(1, 0.5, null), new Point(-2, 1e21, "\u0001")), meta,
                Instant.EPOCH, Optional.empty());
        Event withNote = new Event("n", List.of(), Map.of(), Instant.EPOCH, Optional.of("hi"));
        assertThat(Json.stringify(e)).isEqualTo("{\"name\":\"ev\",\"points\":[{\"x\":1,\"y\":0.5,\"label\":null},"
                + "{\"x\":-2,\"y\":1e+21,\"label\":\"\\u0001\"}],\"meta\":{\"b\":2,\"a\":\"\u2028\"},"
                + "\"at\":\"1970-01-01T00:00:00.000Z\",\"note\":null}");
        assertThat(Json.stringify(withNote)).endsWith(",\"note\":\"hi\"}");
        assertThat(Json.stringify(List.of(new Point(3, 2.0, "p")))).isEqualTo("[{\"x\":3,\"y\":2,\"label\":\"p\"}]");
    }

    @Test
    void appliesJacksonAnnotationsAndRewritesRawValues() {
        // property order is Jackson's (it moves renamed properties last); the formatting is ours
        assertThat(Json.stringify(new Bean()))
                .isEqualTo("{\"missing\":null,\"raw\":{\"b\":1,\"a\":[1e+21]},\"renamed\":\"v\"}");
        assertThat(Json.stringify(new Empty())).isEqualTo("{}");
    }

    @Test
    void writesJacksonTrees() {
        JsonNode node = Json.mapper().createObjectNode()
                .put("d", 1.0).put("l", Long.MAX_VALUE).put("s", "\t")
                .put("big", new BigDecimal("1e21")).putNull("n")
                .set("arr", Json.mapper().createArrayNode().add(true).add(new byte[] {1}));
        assertThat(Json.stringify(node)).isEqualTo("{\"d\":1,\"l\":9223372036854775807,\"s\":\"\\t\",\"big\":1e+21,"
                + "\"n\":null,\"arr\":[true,{\"type\":\"Buffer\",\"data\":[1]}]}");
    }

    @Test
    void writeAppendsToTheBuilder() {
        StringBuilder sb = new StringBuilder("42");
        Json.write(List.of("a", 1), sb);
        assertThat(sb).hasToString("42[\"a\",1]");
    }

    @Test
    void rejectsCircularStructuresWithIllegalArgument() {
        List<Object> self = new ArrayList<>();
        self.add(self);
        assertThatThrownBy(() -> Json.stringify(self)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("circular");
        Map<String, Object> m = new HashMap<>();
        m.put("m", m);
        assertThatThrownBy(() -> Json.stringify(m)).isInstanceOf(IllegalArgumentException.class);
    }

    static final class Unserializable {
        public Object getBoom() {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void rejectsUnserializableObjectsWithIllegalArgument() {
        assertThatThrownBy(() -> Json.stringify(new Unserializable()))
                .isInstanceOf(IllegalArgumentException.class).hasRootCauseMessage("boom");
    }

    @Test
    void writesTheDeepestStructureTheParserAccepts() {
        String deep = "[".repeat(JsonWriter.MAX_DEPTH) + "]".repeat(JsonWriter.MAX_DEPTH);
        assertThat(Json.stringify(Json.parse(deep))).isEqualTo(deep);
    }
}
