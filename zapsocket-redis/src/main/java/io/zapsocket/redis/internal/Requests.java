package io.zapsocket.redis.internal;

import io.zapsocket.protocol.Args;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * What a node waits for from the others, by request id: requests expecting one answer per other node (fetchSockets,
 * serverSideEmit with ack), bounded by {@code maxPendingRequests} and each with a timeout; and broadcasts with acks,
 * whose client counts and acks arrive until the broadcast's timeout. Thread-safe; each request's state is guarded by
 * the request itself.
 */
final class Requests {
    private final RedisLink link;
    private final Map<String, Request> pending = new ConcurrentHashMap<>();
    private final Map<String, AckRequest> acks = new ConcurrentHashMap<>();

    Requests(RedisLink link) {
        this.link = link;
    }

    /** One request: {@code expected} answers, collected in {@code responses}. */
    static final class Request {
        final String id;
        final int type;
        final int expected;
        final List<Object> responses = new ArrayList<>();
        int received;
        private Runnable onDone = () -> { };
        private Runnable onTimeout = () -> { };
        private Runnable cancelTimer = () -> { };

        Request(String id, int type, int expected) {
            this.id = id;
            this.type = type;
            this.expected = expected;
        }
    }

    /** The callbacks of a broadcast with acks. */
    record AckRequest(IntConsumer clientCount, Consumer<Args> ack) {
    }

    /**
     * Registers a request for {@code expected} answers, then {@code publish}es it. The result completes with
     * {@code done(request)} once every answer is in, or fails with {@code timedOut(request)} after {@code timeout}
     * (or at once when {@code maxPendingRequests} requests are already waiting).
     */
    <T> CompletableFuture<T> send(String id, int type, int expected, Duration timeout, Function<Request, T> done,
                                  Function<Request, Throwable> timedOut, Runnable publish) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (pending.size() >= link.options().maxPendingRequests()) {
            return CompletableFuture.failedFuture(new IllegalStateException("too many pending requests"));
        }
        Request r = new Request(id, type, expected);
        r.onDone = () -> result.complete(done.apply(r));
        r.onTimeout = () -> result.completeExceptionally(timedOut.apply(r));
        pending.put(id, r);
        r.cancelTimer = link.schedule(() -> {
            if (pending.remove(id, r)) {
                synchronized (r) {
                    r.onTimeout.run();
                }
            }
        }, timeout);
        publish.run();
        return result;
    }

    boolean contains(String id) {
        return id != null && pending.containsKey(id);
    }

    /** The type of a pending request, or -1. */
    int typeOf(String id) {
        Request r = id == null ? null : pending.get(id);
        return r == null ? -1 : r.type;
    }

    /** Counts one answer (adding {@code values}); completes the request when all expected answers are in. */
    void answer(String id, List<Object> values) {
        Request r = id == null ? null : pending.get(id);
        if (r == null) {
            return;
        }
        synchronized (r) {
            r.received++;
            r.responses.addAll(values);
            if (r.received >= r.expected && pending.remove(id, r)) {
                r.cancelTimer.run();
                r.onDone.run();
            }
        }
    }

    /**
     * Keeps the callbacks of a broadcast with acks for {@code keep}: as in Node there is no way to know when every
     * remote client has answered, so the request is simply forgotten after the broadcast's timeout.
     */
    void addAck(String id, IntConsumer clientCount, Consumer<Args> ack, Duration keep) {
        acks.put(id, new AckRequest(clientCount, ack));
        link.schedule(() -> acks.remove(id), keep);
    }

    AckRequest ack(String id) {
        return id == null ? null : acks.get(id);
    }

    /** Fails every pending request and forgets the broadcasts with acks (adapter closing). */
    void clear() {
        for (Request r : new ArrayList<>(pending.values())) {
            if (pending.remove(r.id, r)) {
                r.cancelTimer.run();
                synchronized (r) {
                    r.onTimeout.run();
                }
            }
        }
        acks.clear();
    }
}
