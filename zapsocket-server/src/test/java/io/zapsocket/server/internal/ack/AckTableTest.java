package io.zapsocket.server.internal.ack;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.zapsocket.protocol.AckTimeoutException;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.ConnectionClosedException;
import io.zapsocket.server.BroadcastAckTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ack table settles each ack exactly once: by its answer, its timeout or the socket's close. */
class AckTableTest {
    private final EventLoop loop = new DefaultEventLoop();
    private final AtomicInteger registered = new AtomicInteger();
    private final AtomicInteger timedOut = new AtomicInteger();
    private final AckTable table = new AckTable(t -> (t ? timedOut : registered).incrementAndGet(), 100_000);

    @AfterEach
    void stopLoop() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void anAnswerCompletesTheAckOnceAndCancelsItsTimeout() throws Exception {
        TimedAck ack = new TimedAck();
        table.register(7, ack, Duration.ofMillis(200), loop);
        PendingAck taken = table.take(7);
        assertThat(taken).isSameAs(ack);
        taken.acked(Args.of(new ArrayList<>(List.of("ok"))));
        assertThat(ack.future().get(1, TimeUnit.SECONDS).get(0)).isEqualTo("ok");
        assertThat(table.take(7)).as("handed out once").isNull();
        Thread.sleep(400);
        assertThat(timedOut).hasValue(0);
        assertThat(registered).hasValue(1);
    }

    @Test
    void withoutAnAnswerTheAckTimesOutAndLeavesTheTable() {
        TimedAck ack = new TimedAck();
        table.register(1, ack, Duration.ofMillis(50), loop);
        assertThatThrownBy(() -> ack.future().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AckTimeoutException.class);
        assertThat(table.size()).isZero();
        assertThat(table.take(1)).as("a late answer finds nothing").isNull();
        assertThat(timedOut).hasValue(1);
    }

    @Test
    void closingFailsEveryPendingAckAndTellsBroadcastRecipientsAsNull() {
        TimedAck timed = new TimedAck();
        List<Args> counted = new ArrayList<>();
        table.register(1, timed, null, loop);
        table.register(2, PendingAck.counted(counted::add));
        table.closeAll();
        assertThatThrownBy(() -> timed.future().get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConnectionClosedException.class);
        assertThat(counted).containsExactly((Args) null);
        assertThat(table.size()).isZero();
        table.closeAll(); // nothing left: nothing called twice
        assertThat(counted).hasSize(1);
    }

    @Test
    void unknownIdsAreIgnored() {
        assertThat(table.take(42)).isNull();
        table.register(1, PendingAck.counted(a -> { }));
        assertThat(table.take(2)).isNull();
        assertThat(table.size()).isOne();
    }

    @Test
    void manyPendingAcksAreFoundByIdWithoutScanning() {
        for (int i = 0; i < 100_000; i++) {
            table.register(i, PendingAck.counted(a -> { }));
        }
        long start = System.nanoTime();
        for (int i = 99_999; i >= 0; i--) {
            assertThat(table.take(i)).isNotNull();
        }
        assertThat(table.size()).isZero();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
    }

    @Test
    void theTableIsFullAtMaxPendingAcks() {
        AckTable small = new AckTable(t -> { }, 2);
        small.register(1, PendingAck.counted(a -> { }));
        assertThat(small.isFull()).isFalse();
        small.register(2, PendingAck.counted(a -> { }));
        assertThat(small.isFull()).isTrue();
        small.take(1);
        assertThat(small.isFull()).as("an answer frees a slot").isFalse();
    }

    @Test
    void aBroadcastAggregateCompletesOnceEveryNodeAndClientHasAnswered() throws Exception {
        AckAggregator agg = new AckAggregator(1);
        agg.serverCount(2); // two nodes
        agg.clientCount(2); // node A reached two clients
        agg.response(Args.of(new ArrayList<>(List.of("a1"))));
        agg.response(null); // the second client of A disconnected
        assertThat(agg.future()).isNotDone();
        agg.clientCount(1); // node B reached one
        agg.response(Args.of(new ArrayList<>(List.of("b1"))));
        assertThat(agg.future().get(1, TimeUnit.SECONDS)).hasSize(2);
        agg.timeout(); // too late: no effect
        assertThat(agg.future()).isCompleted();
    }

    @Test
    void aBroadcastAggregateTimesOutWithTheAnswersSoFar() {
        AckAggregator agg = new AckAggregator(1);
        agg.serverCount(1);
        agg.clientCount(2);
        agg.response(Args.of(new ArrayList<>(List.of("first"))));
        agg.timeout();
        assertThatThrownBy(() -> agg.future().get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(BroadcastAckTimeoutException.class);
    }
}
