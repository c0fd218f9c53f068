package io.zapsocket.redis.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Requests waiting for other nodes' answers, by request id: bounded ({@code maxPending}), each with a timeout.
 * Thread-safe; each request's state is guarded by the request itself.
 */
final class Requests {
    private final RedisLink link;
    private final Map<String, Request> pending = new ConcurrentHashMap<>();

    Requests(RedisLink link) {
        this.link = link;
    }

    /** One request: {@code expected} answers, collected in {@code responses}. */
    static final class Request {
        final String id;
        final int type;
        final int expected;
        final List<Object> responses = new ArrayList<>();
        final Consumer<Request> onDone;
        final Consumer<Request> onTimeout;
        int received;
        Runnable cancelTimer = () -> { };

        Request(String id, int type, int expected, Consumer<Request> onDone, Consumer<Request> onTimeout) {
            this.id = id;
            this.type = type;
            this.expected = expected;
            this.onDone = onDone;
            this.onTimeout = onTimeout;
        }
    }

    /** Registers a request; {@code false} when {@code maxPending} requests are already waiting. */
    boolean add(Request r, Duration timeout) {
        if (pending.size() >= link.options().maxPendingRequests()) {
            return false;
        }
        pending.put(r.id, r);
        r.cancelTimer = link.schedule(() -> {
            if (pending.remove(r.id, r)) {
                synchronized (r) {
                    r.onTimeout.accept(r);
                }
            }
        }, timeout);
        return true;
    }

    boolean contains(String id) {
        return id != null && pending.containsKey(id);
    }

    Request get(String id) {
        return id == null ? null : pending.get(id);
    }

    /** Counts one answer (adding {@code values}); completes the request when all expected answers are in. */
    void answer(String id, List<Object> values) {
        Request r = get(id);
        if (r == null) {
            return;
        }
        synchronized (r) {
            r.received++;
            r.responses.addAll(values);
            if (r.received >= r.expected && pending.remove(id, r)) {
                r.cancelTimer.run();
                r.onDone.accept(r);
            }
        }
    }

    /** Fails every pending request (adapter closing). */
    void clear() {
        for (Request r : new ArrayList<>(pending.values())) {
            if (pending.remove(r.id, r)) {
                r.cancelTimer.run();
                synchronized (r) {
                    r.onTimeout.accept(r);
                }
            }
        }
    }
}
