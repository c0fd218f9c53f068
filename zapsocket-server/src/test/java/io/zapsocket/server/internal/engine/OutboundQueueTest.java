package io.zapsocket.server.internal.engine;

import io.zapsocket.server.Priority;
import io.zapsocket.server.internal.transport.OutFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundQueueTest {

    private static OutboundQueue.Entry text(Priority p, String s) {
        return OutboundQueue.Entry.of(p, OutFrame.text(s));
    }

    private static List<String> names(List<OutFrame> frames) {
        return frames.stream().map(f -> f.binary() ? "bin" + f.data().length
                : new String(f.data(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void highLeavesBeforeNormalBeforeLowAndEqualPrioritiesKeepTheirOrder() {
        OutboundQueue q = new OutboundQueue();
        q.add(text(Priority.NORMAL, "n1"));
        q.add(text(Priority.LOW, "l1"));
        q.add(text(Priority.HIGH, "h1"));
        q.add(text(Priority.NORMAL, "n2"));
        q.add(text(Priority.HIGH, "h2"));
        q.add(text(Priority.LOW, "l2"));

        assertThat(names(q.drainAll())).containsExactly("h1", "h2", "n1", "n2", "l1", "l2");
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.bytes()).isZero();
        assertThat(q.packets()).isZero();
    }

    @Test
    void aBusySessionKeepsItsNormalDequeBetweenTicksAndAQuietTickDropsIt() {
        OutboundQueue q = new OutboundQueue();
        assertThat(q.holdsNormalDeque()).isFalse();
        q.add(text(Priority.NORMAL, "a1"));
        q.add(text(Priority.NORMAL, "a2"));
        q.add(text(Priority.NORMAL, "a3"));
        assertThat(names(q.drainAll())).containsExactly("a1", "a2", "a3");
        assertThat(q.holdsNormalDeque()).isTrue(); // several messages in that tick: kept for the next
        q.add(text(Priority.NORMAL, "b1"));
        q.add(text(Priority.NORMAL, "b2"));
        assertThat(names(q.drainAll())).containsExactly("b1", "b2");
        assertThat(q.holdsNormalDeque()).isTrue();
        q.add(text(Priority.NORMAL, "c1")); // a quiet tick: one message, no deque needed
        assertThat(names(q.drainAll())).containsExactly("c1");
        assertThat(q.holdsNormalDeque()).isFalse();
        q.add(text(Priority.NORMAL, "d1"));
        q.add(text(Priority.NORMAL, "d2"));
        q.clear();
        assertThat(q.holdsNormalDeque()).isFalse();
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void normalEntriesKeepTheirOrderAcrossPartialDrains() {
        // the oldest NORMAL entry sits in a field of its own; later ones queue behind it
        OutboundQueue q = new OutboundQueue();
        q.add(text(Priority.NORMAL, "n1"));
        q.add(text(Priority.NORMAL, "n2"));
        assertThat(names(q.snapshot())).containsExactly("n1", "n2");
        assertThat(names(q.drain(0, null))).containsExactly("n1");
        q.add(text(Priority.NORMAL, "n3")); // n2 is still queued: n3 goes behind it
        assertThat(names(q.snapshot())).containsExactly("n2", "n3");
        assertThat(names(q.drain(0, null))).containsExactly("n2");
        q.add(text(Priority.HIGH, "h1"));
        q.add(text(Priority.NORMAL, "n4"));
        assertThat(q.entries()).isEqualTo(3);
        assertThat(names(q.drainAll())).containsExactly("h1", "n3", "n4");
        assertThat(q.isEmpty()).isTrue();
        q.add(text(Priority.NORMAL, "n5"));
        assertThat(q.bytes()).isEqualTo(2);
        assertThat(names(q.drainAll())).containsExactly("n5");
    }

    @Test
    void aQueueDrainedEmptyIsReusedAfterItsFifosAreDropped() {
        OutboundQueue q = new OutboundQueue();
        for (int round = 0; round < 3; round++) {
            q.add(text(Priority.LOW, "l" + round));
            q.add(text(Priority.HIGH, "h" + round));
            assertThat(names(q.drain(1, null))).containsExactly("h" + round); // partly drained: LOW stays
            q.add(text(Priority.NORMAL, "n" + round));
            assertThat(names(q.snapshot())).containsExactly("n" + round, "l" + round);
            assertThat(q.dropLowPriority(0)).isEqualTo(1);
            assertThat(names(q.drainAll())).containsExactly("n" + round);
            assertThat(q.isEmpty()).isTrue();
            assertThat(q.snapshot()).isEmpty();
        }
        q.add(text(Priority.HIGH, "x"));
        q.clear();
        assertThat(q.drainAll()).isEmpty();
        q.add(text(Priority.LOW, "after clear"));
        assertThat(names(q.drainAll())).containsExactly("after clear");
    }

    @Test
    void attachmentsAreNeverSplitFromTheirTextPacket() {
        OutboundQueue q = new OutboundQueue();
        q.add(OutboundQueue.Entry.of(Priority.NORMAL, OutFrame.text("51-"), OutFrame.binary(new byte[3])));
        q.add(OutboundQueue.Entry.of(Priority.HIGH, OutFrame.text("52-"), OutFrame.binary(new byte[1]),
                OutFrame.binary(new byte[2])));
        assertThat(q.packets()).isEqualTo(5);
        assertThat(q.entries()).isEqualTo(2);

        // a budget smaller than the first entry still takes it whole, and nothing more
        assertThat(names(q.drain(1, null))).containsExactly("52-", "bin1", "bin2");
        assertThat(names(q.drain(1, null))).containsExactly("51-", "bin3");
    }

    @Test
    void drainTakesWholeEntriesUntilTheBudgetIsPassed() {
        OutboundQueue q = new OutboundQueue();
        for (int i = 0; i < 5; i++) {
            q.add(text(Priority.NORMAL, "abcd" + i)); // 5 bytes each
        }
        assertThat(names(q.drain(7, null))).containsExactly("abcd0", "abcd1");
        assertThat(q.bytes()).isEqualTo(15);
        assertThat(names(q.drain(0, null))).containsExactly("abcd2");
    }

    @Test
    void lowPriorityIsDroppedOldestFirstDownToTheLimit() {
        OutboundQueue q = new OutboundQueue();
        q.add(text(Priority.LOW, "l1___")); // 5 bytes
        q.add(text(Priority.NORMAL, "n1___"));
        q.add(text(Priority.LOW, "l2___"));
        q.add(text(Priority.LOW, "l3___"));

        assertThat(q.dropLowPriority(12)).isEqualTo(2);
        assertThat(names(q.snapshot())).containsExactly("n1___", "l3___");
        // never drops other priorities
        assertThat(q.dropLowPriority(0)).isEqualTo(1);
        assertThat(names(q.drainAll())).containsExactly("n1___");
    }

    @Test
    void compressFlagIsReportedWhenAnyTakenEntryAllowsIt() {
        OutboundQueue q = new OutboundQueue();
        q.add(OutboundQueue.Entry.of(Priority.NORMAL, new OutFrame(false, new byte[1], false)));
        boolean[] compress = new boolean[1];
        q.drain(Long.MAX_VALUE, compress);
        assertThat(compress[0]).isFalse();

        q.add(OutboundQueue.Entry.of(Priority.NORMAL, new OutFrame(false, new byte[1], false)));
        q.add(OutboundQueue.Entry.of(Priority.NORMAL, OutFrame.text("x")));
        q.drain(Long.MAX_VALUE, compress);
        assertThat(compress[0]).isTrue();
    }
}
