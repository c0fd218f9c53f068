package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Events of the remote clients in arrival order (the OkHttp {@code WebSocketRecorder} pattern): {@code await…} takes
 * the first queued event that matches (leaving the others queued, in order) or waits for it; {@code assertNo…} checks
 * what has arrived so far. Tests create ordering barriers through the server instead of sleeping.
 */
final class RecordingQueue {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedList<DriverEvent> events = new LinkedList<>();
    private final List<DriverEvent> errors = new ArrayList<>();
    private volatile String closedReason;

    void add(DriverEvent event) {
        lock.lock();
        try {
            if ("driver_error".equals(event.type())) {
                errors.add(event);
            }
            events.add(event);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes up waiters: no more events will come. */
    void close(String reason) {
        lock.lock();
        try {
            closedReason = reason;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the first event of {@code client} with this {@code type}, waiting up to {@link #DEFAULT_TIMEOUT}. */
    DriverEvent awaitEvent(String client, String type) {
        return awaitEvent(client, type, DEFAULT_TIMEOUT);
    }

    DriverEvent awaitEvent(String client, String type, Duration timeout) {
        return await(e -> Objects.equals(e.client(), client) && e.type().equals(type), timeout,
                client + " " + type);
    }

    /** Takes the first subscribed event ({@code type == "event"}) of {@code client} named {@code name}. */
    DriverEvent awaitMessage(String client, String name) {
        return awaitMessage(client, name, DEFAULT_TIMEOUT);
    }

    DriverEvent awaitMessage(String client, String name, Duration timeout) {
        return await(e -> client.equals(e.client()) && DriverEvent.EVENT.equals(e.type()) && name.equals(e.name()),
                timeout, client + " event '" + name + "'");
    }

    /** Takes the first event matching {@code p}, waiting up to {@code timeout}; fails with the queue content. */
    DriverEvent await(Predicate<DriverEvent> p, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (Iterator<DriverEvent> it = events.iterator(); it.hasNext(); ) {
                    DriverEvent e = it.next();
                    if (p.test(e)) {
                        it.remove();
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (closedReason != null) {
                    throw new AssertionError("expected " + what + " but the driver is gone (" + closedReason
                            + "); queued: " + describe());
                }
                if (left <= 0) {
                    throw new AssertionError("expected " + what + " within " + timeout.toMillis() + " ms; queued: "
                            + describe());
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        } finally {
            lock.unlock();
        }
    }

    /** Fails if an event of {@code client} with {@code type} has arrived (use after a barrier). */
    void assertNoEvent(String client, String type) {
        assertNone(e -> Objects.equals(e.client(), client) && e.type().equals(type), client + " " + type);
    }

    /** Fails if a subscribed event {@code name} has arrived for {@code client} (use after a barrier). */
    void assertNoMessage(String client, String name) {
        assertNone(e -> client.equals(e.client()) && DriverEvent.EVENT.equals(e.type()) && name.equals(e.name()),
                client + " event '" + name + "'");
    }

    /**
     * Fails if an event of {@code client} with {@code type} arrives within {@code window}. Only for the absence of
     * something that has no observable end (e.g. "no reconnection attempt"); prefer a barrier + {@link #assertNoEvent}.
     */
    void assertNoEventWithin(String client, String type, Duration window) {
        Predicate<DriverEvent> p = e -> Objects.equals(e.client(), client) && e.type().equals(type);
        long deadline = System.nanoTime() + window.toNanos();
        lock.lock();
        try {
            while (true) {
                assertNone(p, client + " " + type);
                long left = deadline - System.nanoTime();
                if (left <= 0 || closedReason != null) {
                    return;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            lock.unlock();
        }
    }

    private void assertNone(Predicate<DriverEvent> p, String what) {
        lock.lock();
        try {
            for (DriverEvent e : events) {
                if (p.test(e)) {
                    fail("unexpected " + what + ": " + e + "; queued: " + describe());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Everything still queued (for debugging and {@code assertExhausted}-style checks). */
    List<DriverEvent> snapshot() {
        lock.lock();
        try {
            return List.copyOf(events);
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            events.clear();
        } finally {
            lock.unlock();
        }
    }

    /** {@code driver_error} events seen since the start (the driver caught an exception it should never see). */
    List<DriverEvent> driverErrors() {
        lock.lock();
        try {
            return List.copyOf(errors);
        } finally {
            lock.unlock();
        }
    }

    private String describe() {
        if (events.isEmpty()) {
            return "(nothing)";
        }
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (DriverEvent e : events) {
            if (n++ == 40) {
                sb.append("\n  … ").append(events.size() - 40).append(" more");
                break;
            }
            String s = e.toString();
            sb.append("\n  ").append(s.length() > 300 ? s.substring(0, 300) + "…" : s);
        }
        return sb.toString();
    }
}
