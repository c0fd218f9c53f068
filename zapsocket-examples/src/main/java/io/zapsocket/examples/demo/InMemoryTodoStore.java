package io.zapsocket.examples.demo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TodoStore} in this process's memory: lost when it stops. Operations are serialised by one lock (they
 * are a few map operations each). The results of the last {@value #REMEMBERED_OPS} operations are remembered for
 * replays, and at most {@value #MAX_ITEMS} items are kept (see {@link #create}).
 */
public final class InMemoryTodoStore implements TodoStore {
    static final int REMEMBERED_OPS = 10_000;
    /** A bound, so that a runaway client cannot fill the heap. */
    static final int MAX_ITEMS = 1_000;

    private final Clock clock;
    private final Map<String, Todo> items = new LinkedHashMap<>();
    private final Map<String, Result> results = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
            return size() > REMEMBERED_OPS;
        }
    };

    public InMemoryTodoStore() {
        this(Clock.systemUTC());
    }

    InMemoryTodoStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<Todo> list() {
        return new ArrayList<>(items.values());
    }

    /** Refused with {@link IllegalStateException} when the list already holds {@value #MAX_ITEMS} items. */
    @Override
    public synchronized Result create(String opId, String id, String text, String by) {
        Result earlier = results.get(opId);
        if (earlier != null) {
            return earlier.asReplay();
        }
        Todo existing = items.get(id);
        if (existing != null) {
            return remember(opId, new Stale(existing, false));
        }
        if (items.size() >= MAX_ITEMS) {
            throw new IllegalStateException("the list is full (" + MAX_ITEMS + " items)");
        }
        Todo todo = new Todo(id, text, false, 1, clock.millis(), by);
        items.put(id, todo);
        return remember(opId, new Applied(todo, false, false));
    }

    @Override
    public synchronized Result update(String opId, String id, long baseVersion, String text, Boolean completed,
                                      String by) {
        Result earlier = results.get(opId);
        if (earlier != null) {
            return earlier.asReplay();
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
    public synchronized Result delete(String opId, String id, String by) {
        Result earlier = results.get(opId);
        if (earlier != null) {
            return earlier.asReplay();
        }
        Todo removed = items.remove(id);
        return remember(opId, removed == null ? new NotFound(id, false) : new Applied(removed, true, false));
    }

    private Result remember(String opId, Result result) {
        results.put(opId, result);
        return result;
    }
}
