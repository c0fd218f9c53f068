package io.zapsocket.server.internal.ack;

import io.netty.util.concurrent.ScheduledFuture;
import io.zapsocket.protocol.AckTimeoutException;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.ConnectionClosedException;
import java.util.concurrent.CompletableFuture;

/**
 * A server→client emit waiting for its ack: completes {@link #future()} with the client's answer, or fails it with
 * {@link AckTimeoutException} (the timer {@link AckTable#register(long, TimedAck, java.time.Duration,
 * io.netty.channel.EventLoop)} arms) or {@link ConnectionClosedException}.
 */
public final class TimedAck implements PendingAck {
    private final CompletableFuture<Args> future = new CompletableFuture<>();
    private volatile ScheduledFuture<?> timer;

    /** The answer of the client. */
    public CompletableFuture<Args> future() {
        return future;
    }

    @Override
    public void acked(Args args) {
        cancelTimer();
        future.complete(args);
    }

    @Override
    public void closed() {
        cancelTimer();
        future.completeExceptionally(new ConnectionClosedException("socket has been disconnected"));
    }

    void timedOut() {
        future.completeExceptionally(new AckTimeoutException());
    }

    void timer(ScheduledFuture<?> timer) {
        this.timer = timer;
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }
}
