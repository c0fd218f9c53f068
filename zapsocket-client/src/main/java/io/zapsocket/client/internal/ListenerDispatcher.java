package io.zapsocket.client.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the client's listeners and future completions one at a time, in submission order, off the I/O thread: on the
 * client's own daemon event thread, or on the user's executor (one task submitted at a time, so order holds on a
 * pool too). Each task runs in its own try/catch: a throwing listener never stops the ones after it. Thread-safe.
 */
final class ListenerDispatcher {
    private static final Logger log = LoggerFactory.getLogger(ListenerDispatcher.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService own;
    private final Executor delegate;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread current;
    private volatile Thread ownThread;
    private volatile boolean shutdown;

    ListenerDispatcher(Executor userExecutor) {
        if (userExecutor == null) {
            own = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "zapsocket-client-events-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                ownThread = t;
                return t;
            });
            delegate = own;
        } else {
            own = null;
            delegate = userExecutor;
        }
    }

    /** Whether the calling thread is running one of this dispatcher's tasks. */
    boolean inDispatcher() {
        return current == Thread.currentThread();
    }

    /** Queues a task. After {@link #shutdown()}, runs it on the calling thread (completions must not be lost). */
    void execute(Runnable task) {
        if (shutdown) {
            runSafely(task);
            return;
        }
        queue.add(task);
        if (pending.getAndIncrement() == 0) {
            try {
                delegate.execute(this::drain);
            } catch (RejectedExecutionException e) {
                log.warn("listener executor rejected a task ({}); running listeners on the calling thread",
                        e.toString());
                drain();
            }
        }
    }

    private void drain() {
        current = Thread.currentThread();
        try {
            do {
                Runnable next = queue.poll();
                runSafely(next);
            } while (pending.decrementAndGet() != 0);
        } finally {
            current = null;
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            log.error("listener task failed", t);
        }
    }

    /**
     * Runs the queued tasks, then stops the own thread (a user executor is left alone).
     *
     * @return completes when the last queued task ran
     */
    CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        execute(() -> drained.complete(null));
        shutdown = true;
        if (own != null) {
            own.shutdown();
        }
        return drained;
    }

    /** Waits for the own thread to end (no-op with a user executor). */
    void awaitTermination(long millis) throws InterruptedException {
        if (own != null) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            own.awaitTermination(millis, TimeUnit.MILLISECONDS);
            Thread t = ownThread;
            if (t != null && t != Thread.currentThread()) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
    }
}
