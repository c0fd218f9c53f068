package io.zapsocket.examples.demo;

import io.zapsocket.examples.demo.TodoStore.Applied;
import io.zapsocket.examples.demo.TodoStore.Full;
import io.zapsocket.examples.demo.TodoStore.NotFound;
import io.zapsocket.examples.demo.TodoStore.Result;
import io.zapsocket.examples.demo.TodoStore.Stale;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link TodoStore} does, run against each implementation ({@link InMemoryTodoStoreTest},
 * {@link RedisTodoStoreTest}): versions, replays, last-write-wins refusals, deletes, bounds, and atomicity when two
 * nodes change the same item at once.
 */
abstract class TodoStoreContract {
    /** A clock the tests move by hand (starts at 1000 ms). */
    static final class TestClock extends Clock {
        final AtomicLong millis = new AtomicLong(1000);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    /** Small bounds, so that reaching them is quick (the defaults are {@link TodoStore#MAX_ITEMS} and so on). */
    static final int MAX_ITEMS = 20;
    static final int REMEMBERED_OPS = 50;

    final TestClock clock = new TestClock();
    TodoStore store;

    /** A new, empty store on {@code clock} with these bounds. */
    abstract TodoStore newStore(Clock clock, int maxItems, int rememberedOps);

    /** Another view of the same store, as a second node sees it (its own connection). */
    abstract TodoStore otherNode(Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(clock, MAX_ITEMS, REMEMBERED_OPS);
    }

    static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    Result create(String opId, String id, String text, String by) {
        return join(store.create(opId, id, text, by));
    }

    Result update(String opId, String id, long base, String text, Boolean completed, String by) {
        return join(store.update(opId, id, base, text, completed, by));
    }

    Result delete(String opId, String id, String by) {
        return join(store.delete(opId, id, by));
    }

    List<Todo> list() {
        return join(store.list());
    }

    @Test
    void createStartsAtVersionOneAndAReplayedCreateIsAnsweredNotApplied() {
        Result first = create("op1", "t1", "Buy milk", "Alice");
        assertThat(first).isEqualTo(new Applied(new Todo("t1", "Buy milk", false, 1, 1000, "Alice"), false, false));
        Result again = create("op1", "t1", "Buy milk", "Alice");
        assertThat(again).isEqualTo(first.asReplay());
        assertThat(list()).hasSize(1);
    }

    @Test
    void aTakenIdIsStale() {
        Todo t1 = ((Applied) create("op1", "t1", "Buy milk", "Alice")).todo();
        assertThat(create("op2", "t1", "Other", "Bob")).isEqualTo(new Stale(t1, false));
    }

    @Test
    void anUpdateOnTheCurrentVersionWinsAndOneOnAnOldVersionIsRefusedWithTheCurrentItem() {
        create("op1", "t1", "Buy milk", "Alice");
        Result bob = update("op2", "t1", 1, "Buy oat milk", null, "Bob");
        assertThat(((Applied) bob).todo()).isEqualTo(new Todo("t1", "Buy oat milk", false, 2, 1000, "Bob"));
        Result alice = update("op3", "t1", 1, null, true, "Alice");
        assertThat(alice).isEqualTo(new Stale(((Applied) bob).todo(), false));
        // the same stale operation, replayed, gets the same answer
        assertThat(update("op3", "t1", 1, null, true, "Alice")).isEqualTo(new Stale(((Applied) bob).todo(), true));
        assertThat(list()).containsExactly(((Applied) bob).todo());
    }

    @Test
    void anUpdateChangesOnlyWhatItNamesAndTimeNeverGoesBackwards() {
        clock.millis.set(5000);
        create("op1", "t1", "Buy milk", "Alice");
        clock.millis.set(4000); // this node's clock is behind the one that made the last change
        Todo done = ((Applied) update("op2", "t1", 1, null, true, "Bob")).todo();
        assertThat(done).isEqualTo(new Todo("t1", "Buy milk", true, 2, 5000, "Bob"));
        clock.millis.set(9000);
        Todo renamed = ((Applied) update("op3", "t1", 2, "Buy bread", null, "Carol")).todo();
        assertThat(renamed).isEqualTo(new Todo("t1", "Buy bread", true, 3, 9000, "Carol"));
        Todo undone = ((Applied) update("op4", "t1", 3, null, false, "Carol")).todo();
        assertThat(undone).isEqualTo(new Todo("t1", "Buy bread", false, 4, 9000, "Carol"));
    }

    @Test
    void aReplayedUpdateIsNotAppliedTwice() {
        create("op1", "t1", "Buy milk", "Alice");
        Result first = update("op2", "t1", 1, null, true, "Alice");
        Result replay = update("op2", "t1", 1, null, true, "Alice");
        assertThat(replay).isEqualTo(first.asReplay());
        assertThat(list().get(0).version()).isEqualTo(2);
    }

    @Test
    void deleteIsUnconditionalAndIdempotentAndLaterUpdatesFindNothing() {
        create("op1", "t1", "Buy milk", "Alice");
        Todo v2 = ((Applied) update("op2", "t1", 1, null, true, "Bob")).todo();
        assertThat(delete("op3", "t1", "Alice")).isEqualTo(new Applied(v2, true, false));
        assertThat(delete("op3", "t1", "Alice")).isEqualTo(new Applied(v2, true, true));
        assertThat(delete("op4", "t1", "Bob")).isEqualTo(new NotFound("t1", false));
        assertThat(update("op5", "t1", 2, "x", null, "Bob")).isEqualTo(new NotFound("t1", false));
        assertThat(list()).isEmpty();
    }

    @Test
    void theListIsOldestFirstAndARecreatedItemGoesLast() {
        create("op1", "a", "first", "Alice");
        create("op2", "b", "second", "Alice");
        create("op3", "c", "third", "Alice");
        update("op4", "a", 1, "first, changed", null, "Bob");
        delete("op5", "b", "Bob");
        create("op6", "b", "second again", "Bob");
        assertThat(list()).extracting(Todo::id, Todo::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "first, changed"),
                        org.assertj.core.groups.Tuple.tuple("c", "third"),
                        org.assertj.core.groups.Tuple.tuple("b", "second again"));
    }

    @Test
    void textsAreKeptExactly() {
        String text = "\"quoted\" \\ back/slash 'single' é 中文 😀 {\"json\":[1]} %d \u2028";
        Todo t = ((Applied) create("op1", "t1", text, "Zoë \"Z\"")).todo();
        assertThat(t.text()).isEqualTo(text);
        assertThat(t.updatedBy()).isEqualTo("Zoë \"Z\"");
        assertThat(list()).containsExactly(t);
    }

    @Test
    void theListIsBoundedAndAFullCreateIsNotRemembered() {
        List<CompletableFuture<Result>> all = new ArrayList<>();
        for (int i = 0; i < MAX_ITEMS; i++) {
            all.add(store.create("op" + i, "t" + i, "item " + i, "Alice").toCompletableFuture());
        }
        all.forEach(CompletableFuture::join);
        assertThatThrownBy(() -> create("op-last", "t-last", "one too many", "Alice"))
                .isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(Full.class).hasMessageContaining("full");
        delete("op-del", "t0", "Alice");
        assertThat(create("op-last", "t-last", "one too many", "Alice")).isInstanceOf(Applied.class);
        assertThat(list()).hasSize(MAX_ITEMS);
    }

    @Test
    void theResultsOfTheLastOperationsOnlyAreRemembered() {
        create("op-first", "t1", "Buy milk", "Alice");
        List<CompletableFuture<Result>> all = new ArrayList<>();
        for (int i = 0; i < REMEMBERED_OPS; i++) {
            all.add(store.delete("op" + i, "missing", "Bob").toCompletableFuture());
        }
        all.forEach(CompletableFuture::join);
        // op-first is forgotten: sent again, it is a new create of a taken id
        assertThat(create("op-first", "t1", "Buy milk", "Alice")).isInstanceOf(Stale.class)
                .extracting(Result::replayed).isEqualTo(false);
        // the last ones are remembered
        assertThat(delete("op" + (REMEMBERED_OPS - 1), "missing", "Bob").replayed()).isTrue();
    }

    @Test
    void ofConcurrentChangesOnTheSameVersionExactlyOneWins() throws Exception {
        create("op0", "t1", "Buy milk", "Alice");
        TodoStore[] nodes = {store, otherNode(clock)};
        int n = 40;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Result>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                results.add(CompletableFuture.supplyAsync(() -> nodes[k % 2], threads)
                        .thenCompose(node -> node.update("op" + (k + 1), "t1", 1, "by " + k, null, "user" + k)));
            }
            List<Applied> won = new ArrayList<>();
            List<Stale> lost = new ArrayList<>();
            for (CompletableFuture<Result> r : results) {
                Result result = r.get(30, TimeUnit.SECONDS);
                if (result instanceof Applied a) {
                    won.add(a);
                } else {
                    lost.add((Stale) result);
                }
            }
            assertThat(won).hasSize(1);
            assertThat(lost).hasSize(n - 1).allSatisfy(s -> assertThat(s.current()).isEqualTo(won.get(0).todo()));
            assertThat(list()).containsExactly(won.get(0).todo());
        } finally {
            threads.shutdownNow();
        }
    }
}
