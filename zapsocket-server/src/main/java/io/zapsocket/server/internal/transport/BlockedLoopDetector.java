package io.zapsocket.server.internal.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Warns when an event loop stops running its tasks for longer than a threshold: user code blocking an I/O thread
 * (a JDBC call in a handler, a {@code join()} on a future) stalls every connection on that loop, so the server
 * says so, with the loop thread's stack at the moment it was caught, instead of letting heartbeats time out
 * silently.
 *
 * <p>How: one daemon thread posts a tiny probe task to each loop and checks, every quarter threshold, whether the
 * probe has run. A probe still pending after the threshold means the loop has not picked up a task for that long
 * (blocked, or so overloaded that its queue is that far behind: either way its connections are stalled). One
 * report per episode: a warning with the stack when it is caught, and one line with the total when the loop
 * catches up again. Costs one task per loop per quarter threshold.
 *
 * <p>Thread-safe; {@link #close()} stops the checker thread.
 */
public final class BlockedLoopDetector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockedLoopDetector.class);

    private final long thresholdNanos;
    private final List<Probe> probes = new ArrayList<>();
    private final AtomicLong reports = new AtomicLong();
    private final Thread checker;
    private volatile boolean closed;

    private BlockedLoopDetector(Iterable<? extends EventExecutorGroup> groups, Duration threshold, String name) {
        this.thresholdNanos = threshold.toNanos();
        for (EventExecutorGroup group : groups) {
            for (EventExecutor loop : group) {
                probes.add(new Probe(loop));
            }
        }
        this.checker = new Thread(this::run, name);
        checker.setDaemon(true);
    }

    /**
     * Starts watching every loop of {@code groups}.
     *
     * @param threshold how long a loop may go without running a task before it is reported; positive
     */
    public static BlockedLoopDetector start(List<? extends EventExecutorGroup> groups, Duration threshold) {
        Objects.requireNonNull(groups, "groups");
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("threshold must be positive: " + threshold);
        }
        BlockedLoopDetector d = new BlockedLoopDetector(groups, threshold, "zapsocket-blocked-loop-detector");
        d.checker.start();
        return d;
    }

    /** Blocking episodes reported so far. */
    public long reports() {
        return reports.get();
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(checker);
    }

    private void run() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5), thresholdNanos / 4);
        while (!closed) {
            for (Probe p : probes) {
                p.check(System.nanoTime());
            }
            LockSupport.parkNanos(period);
        }
    }

    /** One loop's probe: {@link #pending} and {@link #ranAt} are shared with the loop, the rest is checker-only. */
    private final class Probe implements Runnable {
        final EventExecutor loop;
        volatile Thread thread;
        /** Set by the checker when it posts the probe, cleared by the loop when it runs it (after {@link #ranAt}). */
        volatile boolean pending;
        volatile long ranAt;
        long postedAt;
        boolean reported;

        Probe(EventExecutor loop) {
            this.loop = loop;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            ranAt = System.nanoTime();
            pending = false;
        }

        void check(long now) {
            if (loop.isShuttingDown()) {
                return;
            }
            if (pending) {
                if (!reported && now - postedAt >= thresholdNanos) {
                    reported = true;
                    reports.incrementAndGet();
                    report(now - postedAt);
                }
                return;
            }
            if (reported) {
                reported = false;
                log.warn("Event loop {} runs again after being stuck for {} ms",
                        name(), TimeUnit.NANOSECONDS.toMillis(ranAt - postedAt));
            }
            postedAt = now;
            pending = true;
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                pending = false; // shutting down
            }
        }

        private String name() {
            Thread t = thread;
            return t != null ? t.getName() : loop.toString();
        }

        private void report(long stuckNanos) {
            Thread t = thread;
            BlockedLoopException where = new BlockedLoopException(t);
            log.warn("Event loop {} has not run a task for {} ms (threshold {} ms): every connection on it is stalled."
                            + " Handlers run on the I/O thread must not block; give blocking work to a handler"
                            + " executor (ServerOptions.handlerExecutor). The loop's stack when caught:",
                    name(), TimeUnit.NANOSECONDS.toMillis(stuckNanos), TimeUnit.NANOSECONDS.toMillis(thresholdNanos),
                    where);
        }
    }

    /** Carries the stuck thread's stack into the log line; never thrown. */
    static final class BlockedLoopException extends Exception {
        private static final long serialVersionUID = 1L;

        BlockedLoopException(Thread t) {
            super(t == null ? "loop thread not started yet" : "stack of " + t.getName(), null, false, true);
            setStackTrace(t == null ? new StackTraceElement[0] : t.getStackTrace());
        }
    }
}
