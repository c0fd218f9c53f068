package io.zapsocket.protocol.engine;

import io.zapsocket.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded mutation fuzzing of the Engine.IO codec (single packets and polling payloads): any input yields packets
 * or a {@link ProtocolException}, never another exception or a hang; accepted payloads re-encode to a fixed point.
 * {@code -Dzapsocket.fuzz.iterations=N} and {@code -Dzapsocket.fuzz.seed=N} change the corpus.
 */
class EngineCodecFuzzTest {
    private static final long SEED = Long.getLong("zapsocket.fuzz.seed", 0xE10F22L);
    private static final int ITERATIONS = Integer.getInteger("zapsocket.fuzz.iterations", 700_000) / 2;

    private static final String[] VALID = {
        "0", "1", "2", "2probe", "3", "3probe", "4hello", "4", "5", "6", "bAQIDBA==", "b", "4h\u00e9llo \ud83d\ude00",
        "4hello\u001e2\u001e4world", "4test1\u001e4test2\u001e4test3", "4hello\u001ebAQIDBA==", "bAA==\u001e6",
        "4" + "x".repeat(40),
    };
    private static final String[] FRAGMENTS = {
        "\u001e", "b", "=", "==", "4", "9", "A", "/", "+", "-", "_", "\u0000", "\ud800", "\udc00", "\uffff", " ",
        "\u001e\u001e", "bA", "b====",
    };

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void onlyProtocolExceptionsForMutatedPayloads() {
        Random r = new Random(SEED);
        int accepted = 0;
        int rejected = 0;
        for (int n = 0; n < ITERATIONS; n++) {
            String input = mutate(VALID[r.nextInt(VALID.length)], r);
            try {
                List<EnginePacket> packets = EngineCodec.decodePayload(input);
                String again = EngineCodec.encodePayload(packets);
                assertThat(EngineCodec.encodePayload(EngineCodec.decodePayload(again))).isEqualTo(again);
                assertThat(EngineCodec.payloadLength(packets)).isNotNegative();
                accepted++;
            } catch (ProtocolException expected) {
                rejected++;
            } catch (Throwable t) {
                fail("payload decoder threw " + t + " for " + escape(input), t);
            }
            try {
                EnginePacket p = EngineCodec.decodePacket(input);
                assertThat(EngineCodec.decodePacket(EngineCodec.encodePacket(p))).isEqualTo(p);
            } catch (ProtocolException expected) {
                // fine
            } catch (Throwable t) {
                fail("packet decoder threw " + t + " for " + escape(input), t);
            }
        }
        assertThat(accepted).isGreaterThan(ITERATIONS / 20);
        assertThat(rejected).isGreaterThan(ITERATIONS / 20);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void binaryFramesAndBase64NeverThrowAnythingElse() {
        Random r = new Random(SEED + 1);
        for (int n = 0; n < ITERATIONS / 10; n++) {
            byte[] frame = new byte[r.nextInt(16)];
            r.nextBytes(frame);
            try {
                EnginePacket p = EngineCodec.decodeBinary(frame);
                assertThat(p).isNotNull();
            } catch (ProtocolException expected) {
                // fine
            }
            String text = new String(frame, StandardCharsets.ISO_8859_1);
            try {
                EngineCodec.base64Decode("b" + text, 1);
            } catch (ProtocolException expected) {
                // fine
            } catch (Throwable t) {
                fail("base64 decoder threw " + t + " for " + escape(text), t);
            }
        }
    }

    private static String mutate(String s, Random r) {
        StringBuilder sb = new StringBuilder(s);
        int mutations = r.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int pos = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
            switch (r.nextInt(5)) {
                case 0 -> {
                    if (pos < sb.length()) {
                        sb.deleteCharAt(pos);
                    }
                }
                case 1 -> sb.insert(pos, FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
                case 2 -> {
                    if (pos < sb.length()) {
                        sb.setCharAt(pos, (char) (r.nextBoolean() ? 32 + r.nextInt(95) : r.nextInt(0x10000)));
                    }
                }
                case 3 -> sb.setLength(pos);
                default -> {
                    int end = Math.min(sb.length(), pos + r.nextInt(8));
                    sb.insert(pos, sb.substring(pos, end));
                }
            }
        }
        return sb.toString();
    }

    private static String escape(String s) {
        List<String> parts = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        parts.add(sb.toString());
        return String.join("", parts);
    }
}
