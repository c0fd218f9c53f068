package io.zapsocket.server.internal.content;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.server.internal.transport.HttpExchange;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where files are read: two daemon threads that exist only while there is work, and a bounded queue. A request
 * that finds the queue full gets {@code 503}; a task that fails gets {@code 500}. Owned by the server and closed
 * with it.
 */
final class ContentExecutor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ContentExecutor.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor pool;

    ContentExecutor() {
        int poolId = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024), r -> {
            Thread t = new Thread(r, "zapsocket-content-" + poolId + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code task}, which must answer {@code ex}, off the event loop. */
    void run(HttpExchange ex, Runnable task) {
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    log.warn("{} failed", ex, e);
                    Answers.error(ex, HttpResponseStatus.INTERNAL_SERVER_ERROR);
                }
            });
        } catch (RejectedExecutionException e) {
            Answers.error(ex, HttpResponseStatus.SERVICE_UNAVAILABLE);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
