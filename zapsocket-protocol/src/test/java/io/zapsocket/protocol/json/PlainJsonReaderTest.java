package io.zapsocket.protocol.json;

import io.zapsocket.protocol.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The fast path against the Jackson path: whatever the fast path takes must be valid for Jackson and decode to the
 * same values, of the same classes, with the same key order; what it does not take is Jackson's to decide.
 */
class PlainJsonReaderTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "[\"echo\",\"hello, this is a 48-byte benchmark echo payload\"]",
        "[\"chat\",{\"room\":\"lobby\",\"user\":\"alice\",\"ts\":1700000000000,\"n\":-12,\"ok\":true,\"x\":null}]",
        "{\"s\":\"x\",\"i\":1,\"l\":3000000000,\"d\":1.5,\"e\":1e2,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,\"2\"],\"o\":{}}",
        " \t\r\n 7 \n", "-0", "-0.0", "0", "0.5", "-1.25e-3", "1E+2", "1e400", "2147483647", "2147483648",
        "-2147483648", "-2147483649", "999999999999999999", "-999999999999999999", "5e-324", "0.30000000000000004",
        "\"\\u00e9\\ud83d\\ude00\\/\"", "\"\\ud800\"", "\"\\\"\\\\\\b\\f\\n\\r\\t\"", "\"\\u00E9\\uABCD\"",
        "\"é😀 raw\u2028\"", "\"\uD800 lone\"", "\"\uDC00\"", "\"\u007f\"",
        "{\"b\":1,\"2\":2,\"1\":3}", "{\"4294967295\":1,\"4294967294\":2,\"01\":3,\"1\":4}", "{\"a\":1,\"b\":2,\"a\":3}",
        "{\"0\":1,\"1\":2,\"x\":3}", "{\"\":1}", "[]", "{}", "[[],{},[[]]]", " [ 1 , { \"a\" : [ true ] } ] ",
        "true", "false", "null", "\"\"",
    })
    void takesCommonJsonAndDecodesItAsJacksonDoes(String json) {
        Object fast = PlainJsonReader.parse(json, 0);
        assertThat(fast).as("taken by the fast path").isNotSameAs(PlainJsonReader.GIVE_UP);
        assertSame(fast, JsonReader.parseWithJackson(json, 0));
    }

    /** Errors (JsonParseTest's list) and the shapes the fast path leaves to Jackson although they are valid. */
    static Stream<String> errorsAndRareShapes() {
        return Stream.concat(Arrays.stream(JsonParseTest.MALFORMED), Stream.of(
            "\"\\u202\u9035\"", "[\"\\u\u0130041\"]", "1x", "[1.5.3]", "[1\u000b]", "[\"a\"\"b\"]", "{\"a\":1\"b\":2}",
            "123456789012345678901234567890", "9223372036854775808", "1234567890123456789"));
    }

    @ParameterizedTest
    @MethodSource("errorsAndRareShapes")
    void leavesEveryErrorAndEveryRareShapeToJackson(String json) {
        assertThat(PlainJsonReader.parse(json, 0)).isSameAs(PlainJsonReader.GIVE_UP);
    }

    @Test
    void leavesDeepNestingAndLongTokensToJackson() {
        int d = PlainJsonReader.MAX_DEPTH;
        assertThat(PlainJsonReader.parse("[".repeat(d) + "]".repeat(d), 0)).isInstanceOf(List.class);
        assertThat(PlainJsonReader.parse("[".repeat(d + 1) + "]".repeat(d + 1), 0)).isSameAs(PlainJsonReader.GIVE_UP);
        assertThat(PlainJsonReader.parse("{\"a\":".repeat(d + 1) + "1" + "}".repeat(d + 1), 0))
                .isSameAs(PlainJsonReader.GIVE_UP);
        assertThat(PlainJsonReader.parse("[".repeat(100_000), 0)).isSameAs(PlainJsonReader.GIVE_UP);
        String longString = "\"" + "x".repeat(PlainJsonReader.MAX_STRING + 1) + "\"";
        assertThat(PlainJsonReader.parse(longString, 0)).isSameAs(PlainJsonReader.GIVE_UP);
        assertThat(Json.parse(longString)).isEqualTo("x".repeat(PlainJsonReader.MAX_STRING + 1));
        String longKey = "{\"" + "k".repeat(JsonReader.MAX_NAME + 1) + "\":1}";
        assertThat(PlainJsonReader.parse(longKey, 0)).isSameAs(PlainJsonReader.GIVE_UP);
        String longNumber = "0." + "1".repeat(PlainJsonReader.MAX_NUMBER);
        assertThat(PlainJsonReader.parse(longNumber, 0)).isSameAs(PlainJsonReader.GIVE_UP);
        assertSame(Json.parse(longNumber), JsonReader.parseWithJackson(longNumber, 0));
    }

    @Test
    void readsFromAnOffset() {
        String packet = "2/admin,13[\"ev\",{\"k\":[1,2]}]";
        assertSame(PlainJsonReader.parse(packet, 10), JsonReader.parseWithJackson(packet, 10));
        assertThat(PlainJsonReader.parse("xx7", 2)).isEqualTo(7);
        assertThat(PlainJsonReader.parse("[1]", 3)).isSameAs(PlainJsonReader.GIVE_UP);
    }

    /**
     * Random documents and random damage to them: every input the fast path takes decodes as with Jackson, and
     * every input Jackson rejects is left to Jackson.
     */
    @Test
    void agreesWithJacksonOnRandomAndDamagedInput() {
        Random rnd = new Random(20261122);
        String alphabet = "[]{}\",:\\/ -+.0123456789eEtrufalsn\u00e9\uD83D\uDE00\u0001\tx";
        int taken = 0;
        for (int n = 0; n < 20_000; n++) {
            String doc = Json.stringify(randomValue(rnd, 0));
            StringBuilder sb = new StringBuilder(doc);
            int damage = rnd.nextInt(3);
            for (int k = 0; k < damage && sb.length() > 0; k++) {
                int at = rnd.nextInt(sb.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    default -> sb.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            String json = sb.toString();
            Object fast = PlainJsonReader.parse(json, 0);
            Object reference;
            try {
                reference = JsonReader.parseWithJackson(json, 0);
            } catch (ProtocolException e) {
                assertThat(fast).as("Jackson rejects %s", json).isSameAs(PlainJsonReader.GIVE_UP);
                continue;
            }
            if (fast != PlainJsonReader.GIVE_UP) {
                taken++;
                assertSame(fast, reference);
            }
        }
        assertThat(taken).as("inputs the fast path took").isGreaterThan(5_000);
    }

    private static Object randomValue(Random rnd, int depth) {
        int kind = rnd.nextInt(depth > 4 ? 7 : 9);
        return switch (kind) {
            case 0 -> null;
            case 1 -> rnd.nextBoolean();
            case 2 -> rnd.nextInt();
            case 3 -> rnd.nextLong() >> rnd.nextInt(64);
            case 4 -> rnd.nextBoolean() ? rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20) : -rnd.nextGaussian();
            case 5, 6 -> randomString(rnd);
            case 7 -> {
                List<Object> l = new ArrayList<>();
                for (int i = rnd.nextInt(5); i > 0; i--) {
                    l.add(randomValue(rnd, depth + 1));
                }
                yield l;
            }
            default -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                for (int i = rnd.nextInt(5); i > 0; i--) {
                    m.put(rnd.nextInt(4) == 0 ? Integer.toString(rnd.nextInt(20)) : randomString(rnd),
                            randomValue(rnd, depth + 1));
                }
                yield m;
            }
        };
    }

    private static String randomString(Random rnd) {
        String chars = "ab \"\\/\n\t\u0001\u00e9\u2028\uD83D\uDE00\uD800";
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(8); i > 0; i--) {
            sb.append(chars.charAt(rnd.nextInt(chars.length())));
        }
        return sb.toString();
    }

    /** Equal values of the same classes, maps in the same key order. */
    private static void assertSame(Object actual, Object expected) {
        if (expected == null || actual == null) {
            assertThat(actual).isEqualTo(expected);
            return;
        }
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        if (expected instanceof Map<?, ?> em) {
            Map<?, ?> am = (Map<?, ?>) actual;
            assertThat(new ArrayList<Object>(am.keySet())).isEqualTo(new ArrayList<Object>(em.keySet()));
            for (Object k : em.keySet()) {
                assertSame(am.get(k), em.get(k));
            }
        } else if (expected instanceof List<?> el) {
            List<?> al = (List<?>) actual;
            assertThat(al).hasSameSizeAs(el);
            Iterator<?> a = al.iterator();
            for (Object e : el) {
                assertSame(a.next(), e);
            }
        } else if (!actual.equals(expected)) {
            fail("%s (%s) != %s (%s)", actual, actual.getClass(), expected, expected.getClass());
        }
    }
}
