package io.zapsocket.server.internal.sio;

import io.zapsocket.server.RateLimit;
import io.zapsocket.server.RateLimitOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One socket's token buckets (all events, and per limited event name). Confined to the socket's event loop, so
 * plain fields and a plain map.
 */
final class EventRateLimiter {
    private final RateLimitOptions options;
    private final Bucket perSocket;
    private final Map<String, Bucket> perEvent = new HashMap<>();
    private int violations;
    /** The next {@code rate_limited} notice is sent at or after this ({@link #shouldNotify}). */
    private long nextNotice;
    private static final long NOTICE_MIN_GAP_MS = 10;

    EventRateLimiter(RateLimitOptions options, long nowNanos) {
        this.options = options;
        this.perSocket = options.perSocket() == null ? null : new Bucket(options.perSocket(), nowNanos);
        this.nextNotice = nowNanos; // the first notice goes out at once
    }

    /**
     * Takes a token for {@code event} from every bucket that applies.
     *
     * @return 0 if the event may proceed, else how many milliseconds until it would have fitted
     */
    long tryAcquire(String event, long nowNanos) {
        RateLimit eventLimit = options.perEvent().get(event);
        Bucket eventBucket = null;
        if (eventLimit != null) {
            eventBucket = perEvent.computeIfAbsent(event, e -> new Bucket(eventLimit, nowNanos));
        }
        long wait = 0;
        if (perSocket != null) {
            wait = Math.max(wait, perSocket.waitNanos(nowNanos));
        }
        if (eventBucket != null) {
            wait = Math.max(wait, eventBucket.waitNanos(nowNanos));
        }
        if (wait > 0) {
            violations++;
            return Math.max(1, (wait + 999_999) / 1_000_000);
        }
        // only take tokens when every bucket has one, so a refused event costs nothing
        if (perSocket != null) {
            perSocket.take();
        }
        if (eventBucket != null) {
            eventBucket.take();
        }
        return 0;
    }

    /**
     * Whether a dropped event without an acknowledgement should be answered with the {@code rate_limited} event: once
     * per {@code retryAfterMs} (at least {@value #NOTICE_MIN_GAP_MS} ms), not once per dropped event, so that a flood
     * does not make the server write a flood of notices (in one read of 20 000 events, 20 000 notices would exceed
     * the outbound budget and close the connection as a slow client before the first is written).
     */
    boolean shouldNotify(long retryAfterMs, long nowNanos) {
        if (nowNanos - nextNotice < 0) {
            return false;
        }
        nextNotice = nowNanos + TimeUnit.MILLISECONDS.toNanos(Math.max(NOTICE_MIN_GAP_MS, retryAfterMs));
        return true;
    }

    /** Whether the rate-limited events so far reached the disconnect threshold. */
    boolean exhausted() {
        return options.disconnectAfter() > 0 && violations >= options.disconnectAfter();
    }

    /** A token bucket refilled continuously at permits/per, holding at most burst tokens. */
    static final class Bucket {
        private final double capacity;
        private final double tokensPerNano;
        private double tokens;
        private long last;

        Bucket(RateLimit limit, long nowNanos) {
            this.capacity = limit.burst();
            this.tokensPerNano = limit.permits() / (double) limit.per().toNanos();
            this.tokens = capacity;
            this.last = nowNanos;
        }

        /** Refills, then returns 0 if a token is available, else the nanos until one is. */
        long waitNanos(long nowNanos) {
            if (nowNanos > last) {
                tokens = Math.min(capacity, tokens + (nowNanos - last) * tokensPerNano);
                last = nowNanos;
            }
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
        }

        void take() {
            tokens -= 1;
        }
    }
}
