package io.zapsocket.jwt.internal;

import io.zapsocket.server.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expiry of one connected socket's token: at {@code exp - refreshAhead} the client is asked for a new token
 * (the expiring event), at {@code exp + grace} it is told the token expired and the socket is disconnected, unless
 * a valid token arrived in between ({@link #renew}). The timers run on the authenticator's scheduler; the state is
 * guarded by this object (it is touched by the timers and by the refresh handler, never by the connection's loop).
 */
public final class LiveToken {
    private static final Logger log = LoggerFactory.getLogger(LiveToken.class);

    private final ServerSocket socket;
    private final ScheduledExecutorService scheduler;
    private final Duration refreshAhead;
    private final Duration grace;
    private final String expiringEvent;
    private final String expiredEvent;
    private ScheduledFuture<?> notice;
    private ScheduledFuture<?> deadline;
    private Instant expiresAt;
    private boolean closed;

    public LiveToken(ServerSocket socket, ScheduledExecutorService scheduler, Duration refreshAhead, Duration grace,
                     String expiringEvent, String expiredEvent) {
        this.socket = socket;
        this.scheduler = scheduler;
        this.refreshAhead = refreshAhead;
        this.grace = grace;
        this.expiringEvent = expiringEvent;
        this.expiredEvent = expiredEvent;
    }

    /** (Re)arms the timers for a token expiring at {@code exp} ({@code null}: never). */
    public synchronized void renew(Instant exp) {
        cancelTimers();
        expiresAt = exp;
        if (closed || exp == null) {
            return;
        }
        long now = System.currentTimeMillis();
        long noticeAt = exp.toEpochMilli() - refreshAhead.toMillis();
        long deadlineAt = exp.toEpochMilli() + grace.toMillis();
        notice = scheduler.schedule(this::askForRefresh, Math.max(0, noticeAt - now), TimeUnit.MILLISECONDS);
        deadline = scheduler.schedule(this::expire, Math.max(0, deadlineAt - now), TimeUnit.MILLISECONDS);
    }

    /** The socket disconnected: no more timers. */
    public synchronized void close() {
        closed = true;
        cancelTimers();
    }

    private void askForRefresh() {
        Instant exp;
        synchronized (this) {
            if (closed) {
                return;
            }
            exp = expiresAt;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("exp", exp.getEpochSecond());
        payload.put("graceMs", grace.toMillis());
        log.debug("socket {}: token expiring at {}, asking for a new one", socket.id(), exp);
        socket.emit(expiringEvent, payload);
    }

    private void expire() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        log.info("socket {} ({}): token expired and not refreshed within {} ms, disconnecting", socket.id(),
                socket.namespace().name(), grace.toMillis());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("error", "token expired");
        payload.put("code", TokenVerifier.EXPIRED);
        socket.emit(expiredEvent, payload);
        socket.disconnect(false);
    }

    private void cancelTimers() {
        if (notice != null) {
            notice.cancel(false);
            notice = null;
        }
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
