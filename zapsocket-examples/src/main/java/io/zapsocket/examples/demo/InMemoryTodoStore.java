package io.zapsocket.examples.demo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link TodoStore} in this process's memory: lost when it stops. Operations are serialised by one lock (they
 * are a few map operations each) and complete before they return. The results of the last
 * {@value #REMEMBERED_OPS} operations are remembered for replays, and at most {@value #MAX_ITEMS} items are kept
 * (by default).
 */
public final class InMemoryTodoStore implements TodoStore {
    private final Clock clock;
    private final int maxItems;
    private final Map<String, Todo> items = new LinkedHashMap<>();
    private final Map<String, Result> results;

    public InMemoryTodoStore() {
        this(Clock.systemUTC(), MAX_ITEMS, REMEMBERED_OPS);
    }

    InMemoryTodoStore(Clock clock, int maxItems, int rememberedOps) {
        this.clock = clock;
        this.maxItems = maxItems;
        this.results = Forgetful.map(rememberedOps);
    }

    @Override
    public synchronized CompletionStage<List<Todo>> list() {
        return CompletableFuture.completedFuture(new ArrayList<>(items.values()));
    }

    @Override
    public synchronized CompletionStage<Result> create(String opId, String id, String text, String by) {
        Result earlier = results.get(opId);
        if (earlier != null) {
            return done(earlier.asReplay());
        }
        Todo existing = items.get(id);
        if (existing != null) {
            return remember(opId, new Stale(existing, false));
        }
        if (items.size() >= maxItems) {
            return CompletableFuture.failedFuture(new Full(maxItems));
        }
        Todo todo = new Todo(id, text, false, 1, clock.millis(), by);
        items.put(id, todo);
        return remember(opId, new Applied(todo, false, false));
    }

    @Override
    public synchronized CompletionStage<Result> update(String opId, String id, long baseVersion, String text,
                                                       Boolean completed, String by) {
        Result earlier = results.get(opId);
        if (earlier != null) {
            return done(earlier.asReplay());
        }
        Todo current = items.get(id);
        if (current == null) {
            return remember(opId, new NotFound(id, false));
        }
        if (current.version() != baseVersion) {
            return remember(opId, new Stale(current, false));
        }
        Todo next = new Todo(id, text != null ? text : current.text(),
                completed != null ? completed : current.completed(), current.version() + 1,
                Math.max(clock.millis(), current.updatedAt()), by);
        items.put(id, next);
        return remember(opId, new Applied(next, false, false));
    }

    @Override
    public synchronized CompletionStage<Result> delete(String opId, String id, String by) {
        Result earlier = results.get(opId);
        if (earlier != null) {
            return done(earlier.asReplay());
        }
        Todo removed = items.remove(id);
        return remember(opId, removed == null ? new NotFound(id, false) : new Applied(removed, true, false));
    }

    private CompletionStage<Result> remember(String opId, Result result) {
        results.put(opId, result);
        return done(result);
    }

    private static CompletionStage<Result> done(Result result) {
        return CompletableFuture.completedFuture(result);
    }
}
