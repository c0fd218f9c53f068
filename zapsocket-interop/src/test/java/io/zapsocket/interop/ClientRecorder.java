package io.zapsocket.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * What the Java client under test reported (listener calls, ack results), in arrival order; {@code await} takes the
 * first matching record, waiting for it (the OkHttp WebSocketRecorder pattern). Thread-safe.
 */
final class ClientRecorder {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** One recorded call: {@code type} (e.g. {@code "connect"}, {@code "event:welcome"}) and its value. */
    record Rec(String type, Object value, long nanos) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedList<Rec> records = new LinkedList<>();
    private final List<Rec> all = new ArrayList<>();

    void add(String type, Object value) {
        lock.lock();
        try {
            Rec r = new Rec(type, value, System.nanoTime());
            records.add(r);
            all.add(r);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    Rec await(String type) {
        return await(type, r -> true, TIMEOUT);
    }

    Rec await(String type, Predicate<Rec> p) {
        return await(type, p, TIMEOUT);
    }

    Rec await(String type, Predicate<Rec> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (Iterator<Rec> it = records.iterator(); it.hasNext(); ) {
                    Rec r = it.next();
                    if (r.type().equals(type) && p.test(r)) {
                        it.remove();
                        return r;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + type + " within " + timeout.toMillis() + " ms; queued: "
                            + records);
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

    /** Every record of {@code type} so far (taken or not), in order. */
    List<Rec> history(String type) {
        lock.lock();
        try {
            return all.stream().filter(r -> r.type().equals(type)).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Fails if a record of {@code type} is queued now (use after an ordering barrier). */
    void assertNone(String type) {
        lock.lock();
        try {
            for (Rec r : records) {
                if (r.type().equals(type)) {
                    throw new AssertionError("unexpected " + r + "; queued: " + records);
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
