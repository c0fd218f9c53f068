package io.zapsocket.sync.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that sends the store's changes (presence diffs, map changes) to this node's subscribers, in the order the
 * store reported them. Why: the in-memory store reports a change on the thread that made it, often a socket's event
 * loop; a write from a socket's own event loop goes out at once, while one from another thread waits in that loop's
 * queue, so two changes made on two threads could reach a subscriber in reverse order. From this thread every write
 * is queued to the subscriber's loop in store order. Bounded: at most {@value #MAX_QUEUED} changes wait; beyond, a
 * change is dropped for this node's subscribers (logged at WARN; their clients see a version jump and read the state
 * again).
 */
final class OrderedDelivery {
    static final int MAX_QUEUED = 100_000;
    private static final Logger log = LoggerFactory.getLogger(OrderedDelivery.class);
    private static final AtomicLong THREADS = new AtomicLong();

    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(MAX_QUEUED), r -> {
                Thread t = new Thread(r, "zapsocket-sync-fanout-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
    private final AtomicLong dropped = new AtomicLong();

    /** Runs {@code delivery} after every delivery submitted before it. */
    void submit(String what, Runnable delivery) {
        try {
            thread.execute(() -> {
                try {
                    delivery.run();
                } catch (RuntimeException e) {
                    log.warn("sync: delivering {} failed", what, e);
                }
            });
        } catch (RejectedExecutionException e) {
            if (!thread.isShutdown()) {
                dropped.incrementAndGet();
                log.warn("sync: {} changes wait to be sent; {} dropped for this node's subscribers", MAX_QUEUED, what);
            }
        }
    }

    long dropped() {
        return dropped.get();
    }

    void close() {
        thread.shutdown();
    }
}
