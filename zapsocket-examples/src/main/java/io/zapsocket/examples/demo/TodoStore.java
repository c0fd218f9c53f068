package io.zapsocket.examples.demo;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where the todo list lives: {@link MapTodoStore}, on the sync module's compare-and-set replicated map (in memory,
 * or in Redis for a cluster). A change is accepted only if it was made on the current version of the item
 * (optimistic concurrency), so of two users editing the same item the first change to arrive wins and the other is
 * told the current item ({@link Stale}). Deleting is unconditional.
 *
 * <p>Replays (a change sent again after a lost acknowledgement) are not this interface's business: the handlers are
 * idempotent events of the sync module ({@code Sync.onIdempotent}), keyed by the page's operation id, so a replay is
 * answered with the first answer without reaching the store (see {@link TodoHandlers}).
 *
 * <p>Asynchronous: no method blocks, so the handlers may call the store from an event loop; results may complete
 * on another thread (a Redis client's). A create beyond {@link #MAX_ITEMS} fails with {@link Full}; a store that
 * cannot be reached fails with any other exception, and the change may or may not have been applied.
 */
public interface TodoStore {
    /** At most this many items (a bound, so that a runaway client cannot fill the memory): the map's key bound. */
    int MAX_ITEMS = 1_000;

    /** The items, oldest first. */
    CompletionStage<List<Todo>> list();

    /** Creates an item with a client-chosen id; {@link Stale} if the id is taken, {@link NotFound} if it was deleted. */
    CompletionStage<Result> create(String id, String text, String by);

    /**
     * Changes the text and/or the completion of an item ({@code null}: unchanged), if {@code baseVersion} is its
     * current version.
     */
    CompletionStage<Result> update(String id, long baseVersion, String text, Boolean completed, String by);

    /** Deletes an item, whatever its version; {@link NotFound} if it is not there (anymore). */
    CompletionStage<Result> delete(String id, String by);

    /** The outcome of a change. */
    sealed interface Result {
    }

    /** The change was applied; {@code todo} is the item after it ({@code deleted}: the item as it was). */
    record Applied(Todo todo, boolean deleted) implements Result {
    }

    /** The change was made on an old version (or the id is taken): nothing changed, {@code current} is the item. */
    record Stale(Todo current) implements Result {
    }

    /** No item with this id (never created, or deleted: a deleted item's id is not reused). */
    record NotFound(String id) implements Result {
    }

    /** A create refused because the list holds {@code max} items already (deleted ones count for a while). */
    final class Full extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public Full(int max) {
            super("the list is full (" + max + " items)");
        }
    }
}
