package io.zapsocket.server.internal.sio;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a delegate executor (e.g. virtual threads). Keeps per-socket
 * handler order when handlers run off the event loop. Lock-free: whoever moves the pending count from 0 to 1
 * starts a drain; the drain runs until the count is back to 0.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
    private final Executor delegate;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        if (pending.getAndIncrement() == 0) {
            try {
                delegate.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // the user's executor is shut down: still run the tasks (framework cleanup must not be lost)
                log.warn("handler executor rejected a task ({}); running handlers on the calling thread", e.toString());
                drain();
            }
        }
    }

    /** Whether no task is queued or running. */
    boolean idle() {
        return pending.get() == 0;
    }

    private void drain() {
        do {
            Runnable next = queue.poll();
            next.run(); // tasks catch their own exceptions
        } while (pending.decrementAndGet() != 0);
    }
}
