package io.zapsocket.examples.demo;

import java.util.List;

/**
 * Where the todo list lives. The server is authoritative: a change is accepted only if it was made on the
 * current version of the item (optimistic concurrency), so of two users editing the same item the first change
 * to arrive wins and the other is told the current item ({@link Stale}).
 *
 * <p>Every change carries a client-generated operation id; a change whose operation id was already applied
 * (a replay after a lost acknowledgement) is not applied again but answered with its first result, marked
 * {@link Result#replayed()}. Deleting is unconditional and idempotent.
 *
 * <p>Implementations are thread-safe. {@link InMemoryTodoStore} is the only one so far; a shared store (Redis)
 * comes with the clustered mode.
 */
public interface TodoStore {

    /** The items, oldest first. */
    List<Todo> list();

    /** Creates an item with a client-chosen id; {@link Stale} if the id is taken. */
    Result create(String opId, String id, String text, String by);

    /**
     * Changes the text and/or the completion of an item ({@code null}: unchanged), if {@code baseVersion} is its
     * current version.
     */
    Result update(String opId, String id, long baseVersion, String text, Boolean completed, String by);

    /** Deletes an item, whatever its version; {@link NotFound} if it is not there (anymore). */
    Result delete(String opId, String id, String by);

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
}
