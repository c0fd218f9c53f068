package io.zapsocket.protocol.sio;

import io.zapsocket.protocol.ProtocolException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded mutation fuzzing: the decoder must answer any input with a packet, {@code null} (waiting for attachments)
 * or a {@link ProtocolException}, nothing else; and whatever it accepts must re-encode to a fixed point.
 */
class SioDecoderFuzzTest {

    /** {@code -Dzapsocket.fuzz.seed=N} replays another corpus; {@code -Dzapsocket.fuzz.iterations=N} runs longer. */
    private static final long SEED = Long.getLong("zapsocket.fuzz.seed", 0x5EED_50C1_0L);
    private static final int ITERATIONS = Integer.getInteger("zapsocket.fuzz.iterations", 700_000);

    private static final String[] VALID = {
        "0", "0{\"token\":\"123\"}", "0/custom,", "0/admin,{\"a\":[1,{\"b\":null}]}", "1", "1/custom,",
        "2[\"message\",1,\"2\",{\"3\":[true]}]", "2/admin,13[\"ev\",1.5e-7,-0,\"\\u2028\\ud800\"]", "21[42]",
        "3456[1,\"2\",{\"3\":[false]}]", "31[]", "3/x,0[{\"k\":[[[]]]}]",
        "4{\"message\":\"Not authorized\",\"data\":{\"code\":1}}", "4/random,\"plain\"",
        "52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        "51-/admin,7[\"x\",{\"nested\":[{\"_placeholder\":true,\"num\":0}]}]",
        "62-15[{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]",
        "61-[{\"a\":{\"_placeholder\":true,\"num\":0}}]",
    };

    private static final String[] FRAGMENTS = {
        "0", "1", "5", "9", "-", "/", ",", "[", "]", "{", "}", "\"", ":", "\\", "\\u", "\\ud800", " ", "\t",
        "null", "true", "1e999", "-0", "01", "99999999999999999999", "\"_placeholder\":true", "\"num\":",
        "{\"_placeholder\":true,\"num\":0}", "{\"_placeholder\":true,\"num\":9}", "\"disconnect\"", "\u0000",
        "\uD83D", "\uDE00", "\u2028", "é", "\uFEFF",
    };

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang (endless loop on some input) fails the build
    void onlyProtocolExceptionsForMutatedPackets() {
        Random r = new Random(SEED);
        int accepted = 0;
        int rejected = 0;
        for (int n = 0; n < ITERATIONS; n++) {
            String input = r.nextInt(20) == 0 ? randomString(r) : mutate(VALID[r.nextInt(VALID.length)], r);
            SioDecoder d = new SioDecoder(r.nextInt(8) == 0 ? r.nextInt(3) : SioDecoder.DEFAULT_MAX_ATTACHMENTS);
            try {
                SioPacket p = d.addText(input);
                int binaries = r.nextInt(4);
                for (int i = 0; i < binaries && p == null; i++) {
                    p = d.addBinary(new byte[] {(byte) i});
                }
                if (r.nextBoolean()) {
                    SioPacket next = d.addText(mutate(VALID[r.nextInt(VALID.length)], r));
                    p = next != null ? next : p;
                }
                if (p != null) {
                    checkReEncodes(p);
                }
                accepted++;
            } catch (ProtocolException expected) {
                rejected++;
            } catch (Throwable t) {
                fail("decoder threw " + t + " for input " + escape(input), t);
            }
        }
        // the corpus must exercise both outcomes, or the test proves nothing
        assertThat(accepted).isGreaterThan(ITERATIONS / 20);
        assertThat(rejected).isGreaterThan(ITERATIONS / 5);
    }

    /** A decoded packet encodes without error to a text that is a fixed point (a few JS-isms excepted). */
    private static void checkReEncodes(SioPacket p) {
        if (p.isAckLike() && p.id() < 0) {
            return; // accepted like socket.io-parser does, but not something we send
        }
        if (p.isEventLike() && p.args().get(0) instanceof Double d && !Double.isFinite(d)) {
            return; // "2[1e999]": JS accepts Infinity as a name, but would send it as null; we refuse to encode it
        }
        try {
            checkFixedPoint(p);
        } catch (ProtocolException e) {
            throw new AssertionError("re-encoded packet " + p + " does not decode", e);
        }
    }

    private static void checkFixedPoint(SioPacket p) {
        Encoded e1 = SioEncoder.INSTANCE.encode(p);
        SioDecoder d = new SioDecoder(e1.attachments().size());
        SioPacket again = d.addText(e1.text());
        for (byte[] b : e1.attachments()) {
            assertThat(again).isNull();
            again = d.addBinary(b);
        }
        assertThat(again).isNotNull();
        assertThat(SioEncoder.INSTANCE.encode(again).text()).isEqualTo(e1.text());
    }

    private static String mutate(String s, Random r) {
        StringBuilder sb = new StringBuilder(s);
        int mutations = 1 + r.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int pos = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
            switch (r.nextInt(7)) {
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
                case 3 -> sb.setLength(pos); // truncate
                case 4 -> {
                    int end = Math.min(sb.length(), pos + r.nextInt(8));
                    sb.insert(pos, sb.substring(pos, end)); // duplicate a chunk
                }
                case 5 -> {
                    if (pos < sb.length()) {
                        sb.setCharAt(pos, (char) ('0' + r.nextInt(10)));
                    }
                }
                default -> sb.insert(pos, (char) r.nextInt(0x80));
            }
        }
        return sb.toString();
    }

    private static String randomString(Random r) {
        char[] c = new char[r.nextInt(24)];
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextBoolean() ? "0123456-/,[]{}\"".charAt(r.nextInt(15)) : (char) r.nextInt(0x10000);
        }
        return new String(c);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return sb.toString();
    }
}
