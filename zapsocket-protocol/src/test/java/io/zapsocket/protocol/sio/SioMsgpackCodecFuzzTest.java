package io.zapsocket.protocol.sio;

import io.zapsocket.protocol.ProtocolException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded mutation fuzzing of the msgpack parser's decoder: any input yields a packet or a {@link ProtocolException},
 * nothing else, and whatever it accepts re-encodes to a fixed point. {@code -Dzapsocket.fuzz.seed=N} replays another
 * corpus; {@code -Dzapsocket.fuzz.iterations=N} runs longer (the default keeps CI short).
 */
class SioMsgpackCodecFuzzTest {
    private static final long SEED = Long.getLong("zapsocket.fuzz.seed", 0x3A5F_0C0DL);
    private static final int ITERATIONS = Integer.getInteger("zapsocket.fuzz.iterations", 700_000) / 2;

    private static final byte[][] VALID = {
        SioMsgpackCodec.encode(SioPacket.connect("/", null)),
        SioMsgpackCodec.encode(SioPacket.connect("/admin", Map.of("token", "123", "n", List.of(1, 2.5)))),
        SioMsgpackCodec.encode(SioPacket.disconnect("/x")),
        SioMsgpackCodec.encode(SioPacket.event("/", List.of("message", 1, "2", Map.of("3", List.of(true))))),
        SioMsgpackCodec.encode(SioPacket.event("/chat", 13, List.of("ev", new byte[] {1, 2, 3}, -7, 300000))),
        SioMsgpackCodec.encode(SioPacket.ack("/", 456, List.of(new byte[300], "x".repeat(40)))),
        SioMsgpackCodec.encode(SioPacket.connectError("/", Map.of("message", "Not authorized"))),
        SioMsgpackCodec.encode(SioPacket.connectError("/r", "plain")),
        hex("84a47479706502a46461746192a26162c702000405a76f7074696f6e7381a8636f6d7072657373c3a36e7370a12f"),
        hex("84a47479706503a46461746191d7000000018bcfe5687ba36e7370a12fa2696403"),
        hex("83a47479706502a46461746197a175d40000c0cb3ff8000000000000ffcd012ca2c3a9a36e7370a12f"),
    };
    private static final int[] INTERESTING = {
        0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9,
        0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd3, 0xd4, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
        0xe0, 0xff,
    };

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang fails the build
    void onlyProtocolExceptionsForMutatedPackets() {
        Random r = new Random(SEED);
        int accepted = 0;
        int rejected = 0;
        for (int n = 0; n < ITERATIONS; n++) {
            byte[] input = r.nextInt(20) == 0 ? random(r) : mutate(VALID[r.nextInt(VALID.length)], r);
            SioPacket p;
            try {
                p = SioMsgpackCodec.decode(input);
                accepted++;
            } catch (ProtocolException expected) {
                rejected++;
                continue;
            } catch (Throwable t) {
                fail("decoder threw " + t + " for " + java.util.HexFormat.of().formatHex(input), t);
                return;
            }
            try {
                byte[] again = SioMsgpackCodec.encode(p);
                assertThat(SioMsgpackCodec.encode(SioMsgpackCodec.decode(again))).isEqualTo(again);
            } catch (Throwable t) {
                fail("no fixed point for " + java.util.HexFormat.of().formatHex(input), t);
            }
        }
        assertThat(accepted).isGreaterThan(ITERATIONS / 50);
        assertThat(rejected).isGreaterThan(ITERATIONS / 20);
    }

    private static byte[] random(Random r) {
        byte[] b = new byte[r.nextInt(24)];
        r.nextBytes(b);
        return b;
    }

    private static byte[] mutate(byte[] valid, Random r) {
        byte[] b = valid.clone();
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            switch (r.nextInt(5)) {
                case 0 -> { // flip a bit
                    if (b.length > 0) {
                        int i = r.nextInt(b.length);
                        b[i] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> { // an interesting format byte
                    if (b.length > 0) {
                        b[r.nextInt(b.length)] = (byte) INTERESTING[r.nextInt(INTERESTING.length)];
                    }
                }
                case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncate
                case 3 -> { // insert a byte
                    int i = r.nextInt(b.length + 1);
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, i);
                    c[i] = (byte) (r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : r.nextInt(256));
                    System.arraycopy(b, i, c, i + 1, b.length - i);
                    b = c;
                }
                default -> { // small integer where a type/id might be
                    if (b.length > 0) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(8);
                    }
                }
            }
        }
        return b;
    }
}
