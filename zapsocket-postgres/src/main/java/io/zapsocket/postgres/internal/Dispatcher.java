package io.zapsocket.postgres.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that applies what comes from PostgreSQL (notifications, and local deliveries that waited for a publish),
 * in arrival order, off the LISTEN thread and off the Netty event loops. The backlog is bounded: past
 * {@code maxBacklog} waiting tasks, new ones are dropped and counted ({@link #dropped()}), with a warning.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();

    public Dispatcher(String name, int maxBacklog) {
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(maxBacklog),
                r -> {
                    Thread t = new Thread(r, name + "-dispatch");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs {@code task} after the ones queued before it; an exception is logged and does not stop the thread. */
    public void execute(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    log.warn("Postgres adapter: task failed", t);
                }
            });
        } catch (RejectedExecutionException e) {
            if (executor.isShutdown()) {
                return;
            }
            long n = dropped.incrementAndGet();
            if (n == 1 || Long.bitCount(n) == 1) {
                log.warn("Postgres adapter: inbound backlog full, {} message(s) dropped so far", n);
            }
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public int backlog() {
        return executor.getQueue().size();
    }

    public void close() {
        executor.shutdownNow();
    }
}
