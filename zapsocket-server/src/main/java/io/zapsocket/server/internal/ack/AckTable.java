package io.zapsocket.server.internal.ack;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The acknowledgements one socket awaits from its client, indexed by ack id: registering, answering and timing out
 * are one hash lookup each, whatever the number pending. Each entry is handed out once (to the answer, its timeout
 * or {@link #closeAll()}), so exactly one of its methods runs.
 *
 * <p>Thread-safe without locks: a socket's own emits register on its loop, but a broadcast with ack registers from
 * the thread that broadcasts; answers, timeouts and the close run on the loop. A socket creates its table with the
 * first ack it waits for: most sockets never need one.
 */
public final class AckTable {
    /** Told of each ack registered and of each that timed out (metrics). */
    @FunctionalInterface
    public interface Observer {
        void observeAck(boolean timedOut);
    }

    private final ConcurrentHashMap<Long, PendingAck> pending = new ConcurrentHashMap<>();
    private final Observer observer;
    private final int maxPending;

    /** @param maxPending how many acks may be awaited at once ({@code maxPendingAcks}, at least 1): see {@link #isFull} */
    public AckTable(Observer observer, int maxPending) {
        this.observer = observer;
        this.maxPending = maxPending;
    }

    /** Registers {@code ack} under {@code ackId}, with no timeout of its own (a broadcast's aggregate has one). */
    public void register(long ackId, PendingAck ack) {
        pending.put(ackId, ack);
        observer.observeAck(false);
    }

    /**
     * Registers {@code ack} under {@code ackId}; with a {@code timeout}, it fails with {@code AckTimeoutException}
     * on {@code loop} unless it was answered (or closed) first.
     */
    public void register(long ackId, TimedAck ack, Duration timeout, EventLoop loop) {
        pending.put(ackId, ack);
        observer.observeAck(false);
        if (timeout != null) {
            ScheduledFuture<?> timer = loop.schedule(() -> {
                if (pending.remove(ackId, ack)) {
                    observer.observeAck(true);
                    ack.timedOut();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            ack.timer(timer);
        }
    }

    /** Removes and returns the ack awaited under {@code ackId}, or {@code null} (unknown, or already settled). */
    public PendingAck take(long ackId) {
        return pending.remove(ackId);
    }

    /** The socket disconnected: every pending ack is {@link PendingAck#closed() closed}. */
    public void closeAll() {
        for (Long ackId : pending.keySet()) {
            PendingAck p = pending.remove(ackId);
            if (p != null) {
                p.closed();
            }
        }
    }

    /** How many acks are awaited. */
    public int size() {
        return pending.size();
    }

    /**
     * Whether {@code maxPendingAcks} acks are awaited already: the caller then refuses the next one (an emit with
     * ack fails with {@code TooManyPendingAcksException}; a broadcast skips this socket, counted as gone).
     */
    public boolean isFull() {
        return pending.size() >= maxPending;
    }
}
