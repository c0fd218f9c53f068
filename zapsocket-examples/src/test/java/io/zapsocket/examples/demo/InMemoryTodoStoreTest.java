package io.zapsocket.examples.demo;

import io.zapsocket.examples.demo.TodoStore.Applied;
import io.zapsocket.examples.demo.TodoStore.NotFound;
import io.zapsocket.examples.demo.TodoStore.Result;
import io.zapsocket.examples.demo.TodoStore.Stale;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryTodoStoreTest {
    private final InMemoryTodoStore store = new InMemoryTodoStore(Clock.fixed(Instant.ofEpochMilli(1000), ZoneOffset.UTC));

    @Test
    void createStartsAtVersionOneAndAReplayedCreateIsAnsweredNotApplied() {
        Result first = store.create("op1", "t1", "Buy milk", "Alice");
        assertThat(first).isEqualTo(new Applied(new Todo("t1", "Buy milk", false, 1, 1000, "Alice"), false, false));
        Result again = store.create("op1", "t1", "Buy milk", "Alice");
        assertThat(again.replayed()).isTrue();
        assertThat(((Applied) again).todo()).isEqualTo(((Applied) first).todo());
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void aTakenIdIsStale() {
        store.create("op1", "t1", "Buy milk", "Alice");
        assertThat(store.create("op2", "t1", "Other", "Bob")).isInstanceOf(Stale.class);
    }

    @Test
    void anUpdateOnTheCurrentVersionWinsAndOneOnAnOldVersionIsRefusedWithTheCurrentItem() {
        store.create("op1", "t1", "Buy milk", "Alice");
        Result bob = store.update("op2", "t1", 1, "Buy oat milk", null, "Bob");
        assertThat(((Applied) bob).todo()).isEqualTo(new Todo("t1", "Buy oat milk", false, 2, 1000, "Bob"));
        Result alice = store.update("op3", "t1", 1, null, true, "Alice");
        assertThat(alice).isEqualTo(new Stale(((Applied) bob).todo(), false));
        // the same stale operation, replayed, gets the same answer
        assertThat(store.update("op3", "t1", 1, null, true, "Alice")).isEqualTo(new Stale(((Applied) bob).todo(), true));
        assertThat(store.list()).containsExactly(((Applied) bob).todo());
    }

    @Test
    void aReplayedUpdateIsNotAppliedTwice() {
        store.create("op1", "t1", "Buy milk", "Alice");
        store.update("op2", "t1", 1, null, true, "Alice");
        Result replay = store.update("op2", "t1", 1, null, true, "Alice");
        assertThat(replay.replayed()).isTrue();
        assertThat(store.list().get(0).version()).isEqualTo(2);
    }

    @Test
    void deleteIsUnconditionalAndIdempotentAndLaterUpdatesFindNothing() {
        store.create("op1", "t1", "Buy milk", "Alice");
        store.update("op2", "t1", 1, null, true, "Bob");
        assertThat(store.delete("op3", "t1", "Alice")).isInstanceOf(Applied.class);
        assertThat(store.delete("op4", "t1", "Bob")).isEqualTo(new NotFound("t1", false));
        assertThat(store.update("op5", "t1", 2, "x", null, "Bob")).isEqualTo(new NotFound("t1", false));
        assertThat(store.list()).isEmpty();
    }

    @Test
    void theListIsBounded() {
        for (int i = 0; i < InMemoryTodoStore.MAX_ITEMS; i++) {
            store.create("op" + i, "t" + i, "item " + i, "Alice");
        }
        assertThatThrownBy(() -> store.create("op-last", "t-last", "one too many", "Alice"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("full");
    }
}
