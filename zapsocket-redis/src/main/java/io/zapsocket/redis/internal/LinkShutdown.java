package io.zapsocket.redis.internal;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a {@link RedisLink}'s Lettuce clients and its own client resources so that no channel is still registered
 * when the I/O event loops stop: a channel registered then is never closed nor unregistered, and Lettuce's
 * {@code CommandHandler} releases its read buffer (allocated when a channel registers) only when the channel
 * unregisters.
 *
 * <p>Why an order is needed: the resources' I/O event loop group is reference-counted by Lettuce, and the client that
 * releases it last shuts it down with the quiet period of its own {@code shutdownAsync} (0 by default). A Netty 4.2
 * event loop closes its registered channels only at the start of the run-loop iterations that follow a shutdown
 * request; with a quiet period of 0 it leaves the loop at the end of the first such iteration (or of the one during
 * which the request came) and then only runs the queued tasks. A registration queued meanwhile (a topology refresh
 * connecting to every node, a reconnection attempt) registers after that and is never closed.
 * So the link holds a reference to the group itself: the clients' shutdown (connections closed, reconnection and
 * topology refresh stopped) leaves the loops running, and only then does the link release the group, with a quiet
 * period: the loops stop after 100 ms without any task, and close the channels still registered in each iteration
 * until then, a late registration included.
 *
 * <p>Every step is bounded: {@link #run} returns within the given budget, and what has not finished by then
 * continues in the background.
 */
final class LinkShutdown {
    private static final Logger log = LoggerFactory.getLogger(LinkShutdown.class);
    /** The loops' quiet period when they stop: each of its iterations closes the channels still registered. */
    private static final long QUIET_MS = 100;
    private static final long LOOP_TIMEOUT_MS = 3000;
    /** Connections closed within this, clients shut down within twice this (from the start), or go on. */
    private static final long STEP_MS = 2000;

    private final ClientResources resources;
    private final EventLoopGroup io;

    /** Takes a reference to {@code resources}' I/O event loop group (before any client allocates it). */
    LinkShutdown(ClientResources resources) {
        this.resources = resources;
        this.io = resources.eventLoopGroupProvider().allocate(Transports.eventLoopGroupClass());
    }

    /**
     * Waits for {@code closing} (the connections being closed), shuts the clients down ({@code clients}), then shuts
     * the resources down, waiting for all that within {@code budget}. On an I/O or computation thread of these
     * resources (a close from a Lettuce callback) nothing is awaited.
     */
    void run(List<CompletableFuture<?>> closing, Supplier<CompletableFuture<Void>> clients, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        boolean wait = !onOwnThread();
        CompletableFuture<Void> connections = CompletableFuture.allOf(closing.stream()
                .map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new));
        CompletableFuture<Void> done = connections
                .completeOnTimeout(null, STEP_MS, TimeUnit.MILLISECONDS)
                .thenCompose(v -> clients.get())
                .exceptionally(e -> {
                    log.debug("Redis client shutdown failed: {}", e.toString());
                    return null;
                })
                .completeOnTimeout(null, 2 * STEP_MS, TimeUnit.MILLISECONDS)
                .thenCompose(v -> stopLoops());
        if (wait) {
            await(done, deadline);
        }
    }

    /** Shuts the I/O group down (the link's reference is the last) and then the other resources. */
    private CompletableFuture<Void> stopLoops() {
        CompletableFuture<Void> ioDone = new CompletableFuture<>();
        resources.eventLoopGroupProvider().release(io, QUIET_MS, LOOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .addListener(f -> ioDone.complete(null));
        if (!io.isShuttingDown()) {
            // a client that did not release its reference (its shutdown failed): stop the loops all the same
            io.shutdownGracefully(QUIET_MS, LOOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        CompletableFuture<Void> restDone = new CompletableFuture<>();
        resources.shutdown(QUIET_MS, LOOP_TIMEOUT_MS, TimeUnit.MILLISECONDS).addListener(f -> restDone.complete(null));
        CompletableFuture<Void> terminated = new CompletableFuture<>();
        io.terminationFuture().addListener(f -> terminated.complete(null));
        return CompletableFuture.allOf(ioDone, restDone, terminated);
    }

    private boolean onOwnThread() {
        for (EventExecutor e : io) {
            if (e.inEventLoop()) {
                return true;
            }
        }
        for (EventExecutor e : resources.eventExecutorGroup()) {
            if (e.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private static void await(CompletableFuture<Void> done, long deadline) {
        try {
            done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("Redis adapter close: shutdown not complete within its budget ({}); it continues in the"
                    + " background", e.toString());
        }
    }
}
