package io.zapsocket.examples.demo;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where the todo list lives. The server is authoritative: a change is accepted only if it was made on the
 * current version of the item (optimistic concurrency), so of two users editing the same item the first change
 * to arrive wins and the other is told the current item ({@link Stale}).
 *
 * <p>Every change carries a client-generated operation id; a change whose operation id was already applied
 * (a replay after a lost acknowledgement) is not applied again but answered with its first result, marked
 * {@link Result#replayed()}. Deleting is unconditional and idempotent.
 *
 * <p>Asynchronous: no method blocks, so the handlers may call the store from an event loop; results may complete
 * on another thread (a Redis client's). A change that cannot be made because the list is full fails with
 * {@link Full}; a store that cannot be reached fails with any other exception, and the change may or may not have
 * been applied (sending it again with the same operation id is safe). Implementations are thread-safe:
 * {@link InMemoryTodoStore} (one process) and {@link RedisTodoStore} (shared by the nodes of a cluster), which
 * behave identically ({@code TodoStoreContract} runs the same tests against both).
 */
public interface TodoStore {
    /** At most this many items (a bound, so that a runaway client cannot fill the memory). */
    int MAX_ITEMS = 1_000;
    /** The results of this many last operations are remembered for replays. */
    int REMEMBERED_OPS = 10_000;

    /** The items, oldest first. */
    CompletionStage<List<Todo>> list();

    /** Creates an item with a client-chosen id; {@link Stale} if the id is taken. */
    CompletionStage<Result> create(String opId, String id, String text, String by);

    /**
     * Changes the text and/or the completion of an item ({@code null}: unchanged), if {@code baseVersion} is its
     * current version.
     */
    CompletionStage<Result> update(String opId, String id, long baseVersion, String text, Boolean completed,
                                   String by);

    /** Deletes an item, whatever its version; {@link NotFound} if it is not there (anymore). */
    CompletionStage<Result> delete(String opId, String id, String by);

    /** The outcome of a change. */
    sealed interface Result {
        /** Whether this is the remembered result of an operation applied earlier. */
        boolean replayed();

        /** The same result, marked as a replay. */
        Result asReplay();
    }

    /** The change was applied; {@code todo} is the item after it ({@code deleted}: the item as it was). */
    record Applied(Todo todo, boolean deleted, boolean replayed) implements Result {
        @Override
        public Result asReplay() {
            return new Applied(todo, deleted, true);
        }
    }

    /** The change was made on an old version (or the id is taken): nothing changed, {@code current} is the item. */
    record Stale(Todo current, boolean replayed) implements Result {
        @Override
        public Result asReplay() {
            return new Stale(current, true);
        }
    }

    /** No item with this id (never created, or deleted). */
    record NotFound(String id, boolean replayed) implements Result {
        @Override
        public Result asReplay() {
            return new NotFound(id, true);
        }
    }

    /** A create refused because the list holds {@code max} items already; nothing is remembered for it. */
    final class Full extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public Full(int max) {
            super("the list is full (" + max + " items)");
        }
    }
}
