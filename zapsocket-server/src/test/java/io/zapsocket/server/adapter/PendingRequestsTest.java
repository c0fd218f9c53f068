package io.zapsocket.server.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests correlated by id: by count, by node, timeouts, the bound, closing. */
class PendingRequestsTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final java.util.concurrent.atomic.AtomicInteger timedOut = new java.util.concurrent.atomic.AtomicInteger();
    private final PendingRequests requests = new PendingRequests(2, timer, timedOut::incrementAndGet);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private CompletableFuture<List<Object>> byCount(String id, int expected, Duration timeout) {
        return requests.send(id, 7, expected, timeout, PendingRequests.Request::responses,
                r -> new TimeoutException(r.received() + "/" + r.expected()), () -> { });
    }

    @Test
    void completesWhenTheExpectedNumberOfAnswersIsIn() throws Exception {
        CompletableFuture<List<Object>> f = byCount("r1", 2, Duration.ofSeconds(5));
        assertThat(requests.typeOf("r1")).isEqualTo(7);
        requests.answer("r1", "a", List.of("x"));
        assertThat(f).isNotDone();
        requests.answer("r1", "b", List.of("y", "z"));
        assertThat(f.get(1, TimeUnit.SECONDS)).containsExactly("x", "y", "z");
        assertThat(requests.contains("r1")).isFalse();
    }

    @Test
    void byNodeIgnoresStrangersAndDuplicatesAndStopsWaitingForANodeThatLeft() throws Exception {
        CompletableFuture<List<Object>> f = requests.send("r2", 9, Set.of("a", "b"), Duration.ofSeconds(5),
                PendingRequests.Request::responses, r -> new TimeoutException(), () -> { });
        requests.answer("r2", "stranger", List.of("no"));
        requests.answer("r2", "a", List.of("yes"));
        requests.answer("r2", "a", List.of("again"));
        assertThat(f).isNotDone();
        requests.nodeGone("b");
        assertThat(f.get(1, TimeUnit.SECONDS)).containsExactly("yes");
    }

    @Test
    void timesOutWithWhatArrivedAndIsBounded() {
        CompletableFuture<List<Object>> f = byCount("r3", 2, Duration.ofMillis(50));
        requests.answer("r3", "a", List.of("x"));
        byCount("r4", 1, Duration.ofSeconds(5));
        assertThat(byCount("r5", 1, Duration.ofSeconds(5))).isCompletedExceptionally();
        assertThatThrownBy(() -> f.get(2, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("1/2");
        assertThat(requests.timeouts()).as("counted once").isEqualTo(1);
        assertThat(timedOut).hasValue(1);
        assertThat(requests.pending()).isEqualTo(1);
        requests.clear();
        assertThat(requests.contains("r4")).isFalse();
        assertThat(requests.timeouts()).as("closing is not a timeout").isEqualTo(1);
        assertThat(requests.pending()).isZero();
    }
}
