package io.zapsocket.server.adapter;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread on which a broker applies what it receives (messages, and local deliveries that waited for a
 * publish), in arrival order, off the broker client's I/O threads and off the Netty event loops: the
 * {@link ClusterAdapter.Config#dispatcher()} of the cluster template. The backlog is bounded: past
 * {@code maxBacklog} waiting tasks, new ones are dropped and counted ({@link #dropped()}), with a warning.
 *
 * @since 0.2
 */
public final class MessageDispatcher implements Executor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageDispatcher.class);
    private final String name;
    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param name       the thread is {@code name + "-dispatch"}; also in log lines
     * @param maxBacklog tasks that may wait; beyond, new ones are dropped
     */
    public MessageDispatcher(String name, int maxBacklog) {
        if (maxBacklog < 1) {
            throw new IllegalArgumentException("maxBacklog must be at least 1: " + maxBacklog);
        }
        this.name = name;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(maxBacklog),
                r -> {
                    Thread t = new Thread(r, name + "-dispatch");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs {@code task} after the ones queued before it; an exception is logged and does not stop the thread. */
    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    log.warn("{}: task failed", name, t);
                }
            });
        } catch (RejectedExecutionException e) {
            if (executor.isShutdown()) {
                return;
            }
            long n = dropped.incrementAndGet();
            if (n == 1 || Long.bitCount(n) == 1) {
                log.warn("{}: inbound backlog full, {} message(s) dropped so far", name, n);
            }
        }
    }

    /** Tasks dropped because the backlog was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Tasks waiting. */
    public int backlog() {
        return executor.getQueue().size();
    }

    /** Stops the thread; waiting tasks are discarded, later ones ignored. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
