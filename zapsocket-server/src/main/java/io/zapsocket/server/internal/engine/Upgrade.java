package io.zapsocket.server.internal.engine;

import io.netty.channel.EventLoop;
import io.zapsocket.protocol.engine.EnginePacket;
import io.zapsocket.protocol.engine.EnginePacketType;
import io.zapsocket.server.internal.transport.OutFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One attempt to move a polling session to a WebSocket (engine.io's probe): the client sends {@code 2probe} on the
 * new WebSocket and gets {@code 3probe}, pauses polling, then sends {@code 5}, after which the WebSocket is the
 * session's transport ({@link DefaultEngineSession#completeUpgrade}). Anything else, or no {@code 5} within
 * {@code upgradeTimeout}, cancels the attempt and closes that WebSocket; the session goes on polling.
 *
 * <p>The session holds at most one attempt at a time; confined to its loop.
 */
final class Upgrade {
    private static final Logger log = LoggerFactory.getLogger(Upgrade.class);
    static final OutFrame PONG_PROBE = OutFrame.text("3probe");
    /** How long a poll that arrives during an upgrade waits before its noop (Node: next 100 ms check). */
    private static final long NOOP_DELAY_MS = 50;

    private final DefaultEngineSession session;
    private final WsTransport ws;
    private boolean probed;
    private ScheduledFuture<?> timeoutTimer;
    private ScheduledFuture<?> noopTimer;

    Upgrade(DefaultEngineSession session, WsTransport ws) {
        this.session = session;
        this.ws = ws;
    }

    /** Arms the upgrade timeout: without a {@code 5} by then, the attempt is cancelled. */
    void start(EventLoop loop, long timeoutNanos) {
        timeoutTimer = loop.schedule(() -> {
            timeoutTimer = null;
            if (session.upgrade() == this) {
                EngineMdc.debug(log, session, "session {}: upgrade timed out", session.id());
                session.cancelUpgrade();
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** The WebSocket being probed. */
    WsTransport ws() {
        return ws;
    }

    /** Whether the client got {@code 3probe} (and has paused polling, or is about to). */
    boolean probed() {
        return probed;
    }

    /** A packet on the WebSocket being probed. */
    void onPacket(EnginePacket packet) {
        if (packet.type() == EnginePacketType.PING && "probe".equals(packet.text())) {
            ws.write(List.of(PONG_PROBE));
            probed = true;
            // end the pending poll so that the client can pause polling (Node does this within 100 ms)
            if (session.hasPendingPoll() && session.outbox().isEmpty()) {
                session.respondPoll(Outbox.Drained.of(DefaultEngineSession.NOOP));
            }
        } else if (packet.type() == EnginePacketType.UPGRADE) {
            session.completeUpgrade(this);
        } else {
            EngineMdc.debug(log, session, "session {}: unexpected packet during upgrade: {}", session.id(), packet);
            session.cancelUpgrade();
        }
    }

    /**
     * Like Node (which answers such polls from a 100 ms check), holds a poll that arrives after the probe briefly
     * before its noop (or what was queued meanwhile): a client that sends {@code 5} on the
     * WebSocket and then polls must find the upgrade done, even though the two arrive on different connections,
     * possibly on different event loops.
     */
    void holdPoll(EventLoop loop) {
        cancel(noopTimer);
        noopTimer = loop.schedule(() -> {
            noopTimer = null;
            if (session.hasPendingPoll() && session.upgrade() != null && session.isOpen()) {
                Outbox outbox = session.outbox();
                session.respondPoll(outbox.isEmpty() ? Outbox.Drained.of(DefaultEngineSession.NOOP)
                        : outbox.drainAll());
            }
        }, NOOP_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /** Stops the timers (the attempt ended, either way). */
    void stop() {
        cancel(timeoutTimer);
        timeoutTimer = null;
        cancel(noopTimer);
        noopTimer = null;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
