package io.zapsocket.server.adapter;

import io.zapsocket.protocol.Args;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * What a node waits for from the other nodes, by request id: requests expecting one answer per other node
 * (fetchSockets, serverSideEmit with ack), at most {@code maxPending} at a time and each with a timeout; and
 * broadcasts with acks, whose client counts and acks arrive until the broadcast's timeout.
 *
 * <p>A request expects either a number of answers (brokers that count subscribers) or an answer from each of a
 * set of node ids (adapters with heartbeats: a node that goes away counts as answered, see {@link #nodeGone}).
 * Thread-safe; each request's state is guarded by the request itself.
 *
 * @since 0.2
 */
public final class PendingRequests {
    private final int maxPending;
    private final ScheduledExecutorService timer;
    private final Map<String, Request> pending = new ConcurrentHashMap<>();
    private final Map<String, AckRequest> acks = new ConcurrentHashMap<>();
    private final Runnable onTimeout;
    private final LongAdder timeouts = new LongAdder();

    /**
     * @param maxPending at most this many requests wait at once; beyond, {@link #send} fails at once
     * @param timer      runs the timeouts
     */
    public PendingRequests(int maxPending, ScheduledExecutorService timer) {
        this(maxPending, timer, () -> { });
    }

    /**
     * @param maxPending at most this many requests wait at once; beyond, {@link #send} fails at once
     * @param timer      runs the timeouts
     * @param onTimeout  told of each request that timed out (metrics; quick, must not throw)
     * @since 0.3
     */
    public PendingRequests(int maxPending, ScheduledExecutorService timer, Runnable onTimeout) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1: " + maxPending);
        }
        this.maxPending = maxPending;
        this.timer = timer;
        this.onTimeout = Objects.requireNonNull(onTimeout, "onTimeout");
    }

    /** Requests that timed out since the start (not those failed by {@link #clear()}). @since 0.3 */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Requests waiting for answers now. @since 0.3 */
    public int pending() {
        return pending.size();
    }

    /** One request: the answers received so far and how many were expected. */
    public static final class Request {
        private final String id;
        private final int type;
        private final int expected;
        private final Set<String> missing;
        private final List<Object> responses = new ArrayList<>();
        private int received;
        private Runnable onDone = () -> { };
        private Runnable onTimeout = () -> { };
        private ScheduledFuture<?> timeout;

        Request(String id, int type, int expected, Set<String> missing) {
            this.id = id;
            this.type = type;
            this.expected = expected;
            this.missing = missing;
        }

        public String id() {
            return id;
        }

        public int type() {
            return type;
        }

        public synchronized int expected() {
            return expected;
        }

        public synchronized int received() {
            return received;
        }

        /** A copy of the answers' values, in arrival order. */
        public synchronized List<Object> responses() {
            return Collections.unmodifiableList(new ArrayList<>(responses));
        }

        boolean complete() {
            return missing != null ? missing.isEmpty() : received >= expected;
        }
    }

    /** The callbacks of a broadcast with acks. */
    public record AckRequest(IntConsumer clientCount, Consumer<Args> ack) {
    }

    /**
     * Registers a request for {@code expected} answers, then runs {@code publish}. The result completes with
     * {@code done(request)} once every answer is in, or fails with {@code timedOut(request)} after {@code timeout}
     * (or fails at once when {@code maxPending} requests are already waiting).
     */
    public <T> CompletableFuture<T> send(String id, int type, int expected, Duration timeout,
                                         Function<Request, T> done, Function<Request, Throwable> timedOut,
                                         Runnable publish) {
        return send(new Request(id, type, expected, null), timeout, done, timedOut, publish);
    }

    /** As {@link #send(String, int, int, Duration, Function, Function, Runnable)}, one answer per node id. */
    public <T> CompletableFuture<T> send(String id, int type, Set<String> nodes, Duration timeout,
                                         Function<Request, T> done, Function<Request, Throwable> timedOut,
                                         Runnable publish) {
        Set<String> missing = Collections.synchronizedSet(new LinkedHashSet<>(nodes));
        return send(new Request(id, type, nodes.size(), missing), timeout, done, timedOut, publish);
    }

    private <T> CompletableFuture<T> send(Request r, Duration timeout, Function<Request, T> done,
                                          Function<Request, Throwable> timedOut, Runnable publish) {
        if (pending.size() >= maxPending) {
            return CompletableFuture.failedFuture(new IllegalStateException("too many pending requests"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        r.onDone = () -> result.complete(done.apply(r));
        r.onTimeout = () -> result.completeExceptionally(timedOut.apply(r));
        pending.put(r.id, r);
        synchronized (r) {
            r.timeout = timer.schedule(() -> {
                if (pending.remove(r.id, r)) {
                    timeouts.increment();
                    onTimeout.run();
                    synchronized (r) {
                        r.onTimeout.run();
                    }
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        publish.run();
        return result;
    }

    public boolean contains(String id) {
        return id != null && pending.containsKey(id);
    }

    /** The type of a pending request, or -1. */
    public int typeOf(String id) {
        Request r = id == null ? null : pending.get(id);
        return r == null ? -1 : r.type;
    }

    /**
     * Counts one answer from node {@code from} (adding {@code values}); completes the request when all expected
     * answers are in. Answers of a node that is not expected, or that already answered, are ignored.
     */
    public void answer(String id, String from, List<Object> values) {
        Request r = id == null ? null : pending.get(id);
        if (r == null) {
            return;
        }
        synchronized (r) {
            if (r.missing != null && !r.missing.remove(from)) {
                return;
            }
            r.received++;
            r.responses.addAll(values);
            finishIfComplete(r);
        }
    }

    /** A node left the cluster: requests waiting for its answer stop waiting for it. */
    public void nodeGone(String node) {
        for (Request r : new ArrayList<>(pending.values())) {
            synchronized (r) {
                if (r.missing != null && r.missing.remove(node)) {
                    finishIfComplete(r);
                }
            }
        }
    }

    private void finishIfComplete(Request r) {
        if (r.complete() && pending.remove(r.id, r)) {
            if (r.timeout != null) {
                r.timeout.cancel(false);
            }
            r.onDone.run();
        }
    }

    /**
     * Keeps the callbacks of a broadcast with acks for {@code keep}: as in Node there is no way to know when every
     * remote client has answered, so the request is simply forgotten after the broadcast's timeout.
     */
    public void addAck(String id, IntConsumer clientCount, Consumer<Args> ack, Duration keep) {
        acks.put(id, new AckRequest(clientCount, ack));
        timer.schedule(() -> acks.remove(id), keep.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The callbacks of a broadcast with acks still kept, or {@code null}. */
    public AckRequest ack(String id) {
        return id == null ? null : acks.get(id);
    }

    /** Fails every pending request and forgets the broadcasts with acks (adapter closing). */
    public void clear() {
        for (Request r : new ArrayList<>(pending.values())) {
            if (pending.remove(r.id, r)) {
                synchronized (r) {
                    if (r.timeout != null) {
                        r.timeout.cancel(false);
                    }
                    r.onTimeout.run();
                }
            }
        }
        acks.clear();
    }
}
