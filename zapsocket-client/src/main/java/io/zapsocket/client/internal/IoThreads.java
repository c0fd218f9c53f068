package io.zapsocket.client.internal;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.FastThreadLocalThread;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Netty side of {@code ClientResources}: daemon I/O threads shared by several clients, handed out round-robin.
 * Single loops rather than a Netty group: a group's termination listeners run on Netty's GlobalEventExecutor, a
 * non-daemon thread that would outlive the shutdown. Thread-safe.
 */
public final class IoThreads {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final EventLoop[] loops;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    public IoThreads(int count) {
        loops = new EventLoop[count];
        for (int i = 0; i < count; i++) {
            loops[i] = new SingleThreadIoEventLoop(null, r -> {
                Thread t = new FastThreadLocalThread(r, "zapsocket-client-io-shared-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                threads.add(t);
                return t;
            }, NioIoHandler.newFactory());
        }
    }

    /** The loop for a new client (round-robin). */
    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    public boolean isShuttingDown() {
        return loops[0].isShuttingDown();
    }

    /** Stops the threads and waits (at most about 5 s) until each has ended. */
    public void shutdownAndWait() {
        for (EventLoop l : loops) {
            l.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (EventLoop l : loops) {
                l.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Completes once every thread has ended (waited for on a short-lived daemon thread). */
    public CompletableFuture<Void> shutdown() {
        for (EventLoop l : loops) {
            l.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            shutdownAndWait();
            done.complete(null);
        }, "zapsocket-client-io-shutdown");
        waiter.setDaemon(true);
        waiter.start();
        return done;
    }
}
