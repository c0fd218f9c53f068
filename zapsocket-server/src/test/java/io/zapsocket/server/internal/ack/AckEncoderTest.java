package io.zapsocket.server.internal.ack;

import io.netty.util.concurrent.FastThreadLocalThread;
import io.zapsocket.protocol.sio.SioEncoder;
import io.zapsocket.protocol.sio.SioPacket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ack written straight to bytes is the ACK of {@code SioEncoder} behind the Engine.IO {@code 4}, on any thread. */
class AckEncoderTest {

    private static byte[] expected(String nsp, long id, Object... args) {
        String text = SioEncoder.INSTANCE.encode(SioPacket.ack(nsp, id, Arrays.asList(args))).text();
        return ("4" + text).getBytes(StandardCharsets.UTF_8);
    }

    /** Runs {@code body} on an event-loop-like thread (the one whose builder is reused). */
    private static void onLoopThread(Runnable body) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        new FastThreadLocalThread(() -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }).start();
        done.get(10, TimeUnit.SECONDS);
    }

    private static void assertEncodesLikeSioEncoder() {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("b", 1.5);
        obj.put("a", List.of(1, 2_147_483_648L, "x"));
        obj.put("n", null);
        Object[][] cases = {
            {"hello, this is a 48-byte benchmark echo payload"}, {}, {(Object) null}, {1, true, obj},
            {"\u00e9\u20ac\uD83D\uDE00 \"quoted\" \\ \n", 0.1 + 0.2}, {"\uD800 lone"}, {new int[]{1, 2}},
            {"\u00e9 latin-1 only"}, {"after unicode"},
        };
        for (String nsp : List.of("/", "/admin")) {
            for (long id : new long[]{0, 7, 123_456_789_012L}) {
                for (Object[] args : cases) {
                    assertThat(AckEncoder.encode(nsp, id, args)).as("%s %d %s", nsp, id, Arrays.toString(args))
                            .isEqualTo(expected(nsp, id, args));
                }
            }
        }
    }

    @Test
    void encodesAsSioEncoderOnALoopThreadAndOnOthers() throws Exception {
        assertEncodesLikeSioEncoder();
        onLoopThread(AckEncoderTest::assertEncodesLikeSioEncoder);
    }

    @Test
    void leavesBinaryArgumentsToSioEncoder() throws Exception {
        onLoopThread(() -> {
            assertThat(AckEncoder.encode("/", 1, new Object[]{"x", new byte[]{1}})).isNull();
            assertThat(AckEncoder.encode("/", 1, new Object[]{Map.of("deep", List.of(new byte[3]))})).isNull();
            assertThat(AckEncoder.loopEncoderInUse()).isFalse();
            assertThat(AckEncoder.encode("/", 2, new Object[]{"next"})).isEqualTo(expected("/", 2, "next"));
        });
    }

    @Test
    void aFailedEncodeLeavesTheLoopBuilderCleanForTheNextAck() throws Exception {
        onLoopThread(() -> {
            List<Object> circular = new ArrayList<>();
            circular.add(circular);
            assertThatThrownBy(() -> AckEncoder.encode("/", 1, new Object[]{"partial", circular}))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(AckEncoder.loopEncoderInUse()).isFalse();
            assertThat(AckEncoder.encode("/", 2, new Object[]{"ok"})).isEqualTo(expected("/", 2, "ok"));
        });
    }

    @Test
    void aLargeAckIsNotRetainedByTheLoop() throws Exception {
        onLoopThread(() -> {
            String big = "x".repeat(100_000);
            assertThat(AckEncoder.encode("/", 1, new Object[]{big})).isEqualTo(expected("/", 1, big));
            assertThat(AckEncoder.loopEncoderCapacity()).isLessThanOrEqualTo(AckEncoder.RETAINED_CAPACITY);
            assertThat(AckEncoder.encode("/", 2, new Object[]{"small"})).isEqualTo(expected("/", 2, "small"));
        });
    }

    /** A value whose serialization sends another ack (a getter with side effects) while the loop's builder is busy. */
    public static final class Reentrant {
        byte[] inner;

        public String getValue() {
            inner = AckEncoder.encode("/", 99, new Object[]{"inner"});
            return "outer";
        }
    }

    @Test
    void anAckEncodedWhileAnotherIsBeingEncodedGetsItsOwnBuilder() throws Exception {
        onLoopThread(() -> {
            Reentrant r = new Reentrant();
            byte[] outer = AckEncoder.encode("/", 1, new Object[]{r, "tail"});
            assertThat(new String(outer, StandardCharsets.UTF_8)).isEqualTo("431[{\"value\":\"outer\"},\"tail\"]");
            assertThat(r.inner).isEqualTo(expected("/", 99, "inner"));
            assertThat(AckEncoder.loopEncoderInUse()).isFalse();
        });
    }
}
