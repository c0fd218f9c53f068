package io.zapsocket.server.internal.engine;

import io.netty.channel.EventLoop;
import io.zapsocket.server.Priority;
import io.zapsocket.server.internal.transport.OutFrame;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Engine.IO heartbeat of one session: a ping every {@code pingInterval}, and the pong expected within
 * {@code pingTimeout} of when the ping was due, else the session ends with {@code ping timeout}. Confined to the
 * session's loop.
 */
final class Heartbeat {
    static final OutFrame PING = OutFrame.text("2");
    /** Pings go before queued messages: a slow queue must not make a live client miss its heartbeat. */
    static final OutboundQueue.Entry PING_ENTRY = OutboundQueue.Entry.of(Priority.HIGH, PING);

    private final DefaultEngineSession session;
    private final EventLoop loop;
    private final long intervalNanos;
    private final long timeoutNanos;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> timeoutTimer;
    private long nextPingAt;
    private long pongDeadline;
    private boolean awaitingPong;

    Heartbeat(DefaultEngineSession session, EventLoop loop, long intervalNanos, long timeoutNanos) {
        this.session = session;
        this.loop = loop;
        this.intervalNanos = intervalNanos;
        this.timeoutNanos = timeoutNanos;
    }

    /** (Re)starts the interval: the next ping is due {@code pingInterval} from now. */
    void start() {
        cancel(pingTimer);
        nextPingAt = loop.ticker().nanoTime() + intervalNanos;
        pingTimer = loop.schedule(this::onPingTimer, intervalNanos, TimeUnit.NANOSECONDS);
    }

    private void onPingTimer() {
        pingTimer = null;
        if (!session.isOpen()) {
            return;
        }
        session.outbox().add(PING_ENTRY);
        if (!session.isOpen()) {
            return; // the ping went over the budget
        }
        // the deadline counts from when the ping was due, not from when the timer ran
        pongDeadline = nextPingAt + timeoutNanos;
        awaitingPong = true;
        cancel(timeoutTimer);
        timeoutTimer = loop.schedule(this::onTimeout, Math.max(0, pongDeadline - loop.ticker().nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    private void onTimeout() {
        timeoutTimer = null;
        if (session.isOpen() && awaitingPong) {
            session.terminate("ping timeout", null, DefaultEngineSession.CLOSE);
        }
    }

    /**
     * Closes the session if the pong deadline has passed, even if the timer has not run yet: a request that
     * arrives just after the deadline must already find the session closed. Whether it did.
     */
    boolean expireIfDue() {
        if (session.isOpen() && awaitingPong && loop.ticker().nanoTime() - pongDeadline >= 0) {
            session.terminate("ping timeout", null, DefaultEngineSession.CLOSE);
            return true;
        }
        return false;
    }

    /** The client answered: the next ping is due {@code pingInterval} from now. */
    void onPong() {
        awaitingPong = false;
        cancel(timeoutTimer);
        timeoutTimer = null;
        start();
    }

    /** Stops both timers (the session is closing). */
    void stop() {
        awaitingPong = false;
        cancel(pingTimer);
        cancel(timeoutTimer);
        pingTimer = null;
        timeoutTimer = null;
    }

    static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
