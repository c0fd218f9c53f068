package io.zapsocket.server.internal.sio;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in submission order, on a delegate executor (e.g. virtual threads). Keeps per-socket
 * handler order when handlers run off the event loop. Lock-free: whoever moves the pending count from 0 to 1
 * starts a drain; the drain runs until the count is back to 0.
 */
final class SerialExecutor implements Executor {
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
            delegate.execute(this::drain);
        }
    }

    private void drain() {
        do {
            Runnable next = queue.poll();
            next.run(); // tasks catch their own exceptions
        } while (pending.decrementAndGet() != 0);
    }
}
