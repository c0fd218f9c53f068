package io.zapsocket.examples.demo;

import io.zapsocket.sync.Sync;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import io.zapsocket.sync.SyncMapEntry;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The todo list on the sync module's <b>compare-and-set</b> replicated map {@value #MAP} (docs/sync.md, "Replicated
 * maps"): one entry per item, key = the item's id, value = {@code {text, completed, createdAt, updatedAt, updatedBy}},
 * version = the entry's version. Every applied write reaches every page that follows the map ({@code MapView} of
 * {@code zap-sync.js}: a snapshot on each connection, then {@code map:change} in order), on every node when the sync
 * store is Redis; the store is the sync module's, so nothing here keeps state.
 *
 * <p>Why compare-and-set and not last-writer-wins: the page queues changes while it is offline (for as long as it
 * stays offline) and sends them later. A last-writer-wins map stamps a write when a node takes it, so a change made an
 * hour ago on an old copy of an item would silently overwrite what others did meanwhile. With compare-and-set such a
 * change names the version it was made on, is refused ({@link Stale}) and the user is told, and the first change to
 * arrive wins: the demo's rule from before the sync module, now kept by the library.
 *
 * <p>An update or delete reads the map first (at most {@link TodoStore#MAX_ITEMS} entries) to merge the change into
 * the current value; the write itself is the atomic compare-and-set, so two nodes changing one item at once cannot
 * both win. A delete retries its compare-and-set at most {@value #DELETE_ATTEMPTS} times when the item keeps changing.
 */
final class MapTodoStore implements TodoStore {
    /** The map's name (the demo's sync options make it a compare-and-set map). */
    static final String MAP = "todos";
    static final int DELETE_ATTEMPTS = 5;

    private final Sync sync;
    private final Clock clock;

    MapTodoStore(Sync sync, Clock clock) {
        this.sync = sync;
        this.clock = clock;
    }

    @Override
    public CompletionStage<List<Todo>> list() {
        return sync.mapEntries(MAP).thenApply(entries -> entries.stream().map(MapTodoStore::todo)
                .filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(Todo::createdAt).thenComparing(Todo::id))
                .toList());
    }

    @Override
    public CompletionStage<Result> create(String id, String text, String by) {
        long now = clock.millis();
        return sync.mapCompareAndSet(MAP, id, 0, value(text, false, now, now, by))
                .<Result>thenApply(e -> new Applied(todo(e), false))
                .exceptionallyCompose(e -> switch (error(e)) {
                    case CONFLICT -> current(id).thenApply(cur -> cur == null ? new NotFound(id) : new Stale(cur));
                    case LIMIT_EXCEEDED -> CompletableFuture.failedFuture(new Full(sync.options().maxMapKeys()));
                    default -> CompletableFuture.failedFuture(e);
                });
    }

    @Override
    public CompletionStage<Result> update(String id, long baseVersion, String text, Boolean completed, String by) {
        return current(id).thenCompose(cur -> {
            if (cur == null) {
                return CompletableFuture.completedFuture(new NotFound(id));
            }
            if (cur.version() != baseVersion) {
                return CompletableFuture.completedFuture(new Stale(cur));
            }
            Map<String, Object> next = value(text != null ? text : cur.text(),
                    completed != null ? completed : cur.completed(), cur.createdAt(),
                    Math.max(clock.millis(), cur.updatedAt()), by);
            return sync.mapCompareAndSet(MAP, id, baseVersion, next)
                    .<Result>thenApply(e -> new Applied(todo(e), false))
                    .exceptionallyCompose(e -> error(e) == SyncError.CONFLICT
                            ? current(id).thenApply(now -> now == null ? new NotFound(id) : new Stale(now))
                            : CompletableFuture.failedFuture(e));
        });
    }

    @Override
    public CompletionStage<Result> delete(String id, String by) {
        return delete(id, DELETE_ATTEMPTS);
    }

    private CompletableFuture<Result> delete(String id, int attempts) {
        return current(id).thenCompose(cur -> {
            if (cur == null) {
                return CompletableFuture.completedFuture(new NotFound(id));
            }
            return sync.mapCompareAndSet(MAP, id, cur.version(), null)
                    .<Result>thenApply(e -> new Applied(cur, true))
                    .exceptionallyCompose(e -> error(e) == SyncError.CONFLICT && attempts > 1
                            ? delete(id, attempts - 1) : CompletableFuture.failedFuture(e));
        });
    }

    /** The live item {@code id}, or {@code null}. */
    private CompletableFuture<Todo> current(String id) {
        return sync.mapEntries(MAP).thenApply(entries -> {
            for (SyncMapEntry e : entries) {
                if (e.key().equals(id)) {
                    return todo(e);
                }
            }
            return null;
        });
    }

    private static Map<String, Object> value(String text, boolean completed, long createdAt, long updatedAt,
                                             String by) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("text", text);
        v.put("completed", completed);
        v.put("createdAt", createdAt);
        v.put("updatedAt", updatedAt);
        v.put("updatedBy", by);
        return v;
    }

    /** The item an entry holds; {@code null} for a deleted or malformed one (only this class writes the map). */
    static Todo todo(SyncMapEntry e) {
        if (!(e.value() instanceof Map<?, ?> v) || !(v.get("text") instanceof String text)) {
            return null;
        }
        return new Todo(e.key(), text, Boolean.TRUE.equals(v.get("completed")), e.version(),
                number(v.get("updatedAt")), v.get("updatedBy") instanceof String s ? s : "",
                number(v.get("createdAt")));
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static SyncError error(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof SyncException s ? s.error() : SyncError.UNAVAILABLE;
    }
}
