package io.zapsocket.server;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket: {@code permits} events per {@code per}, with bursts up to {@link #burst()} (default: equal to
 * {@code permits}). Immutable.
 *
 * <pre>{@code RateLimit.of(10, Duration.ofSeconds(1)).withBurst(20)}</pre>
 *
 * @since 0.1
 */
public final class RateLimit {
    private final int permits;
    private final Duration per;
    private final int burst;

    private RateLimit(int permits, Duration per, int burst) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1: " + permits);
        }
        Objects.requireNonNull(per, "per");
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("per must be positive: " + per);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1: " + burst);
        }
        this.permits = permits;
        this.per = per;
        this.burst = burst;
    }

    /** {@code permits} events per {@code per}; burst = permits. */
    public static RateLimit of(int permits, Duration per) {
        return new RateLimit(permits, per, permits);
    }

    /** The same rate with a different bucket size. */
    public RateLimit withBurst(int burst) {
        return new RateLimit(permits, per, burst);
    }

    public int permits() {
        return permits;
    }

    public Duration per() {
        return per;
    }

    /** The bucket size: how many events may arrive at once after a quiet period. */
    public int burst() {
        return burst;
    }

    @Override
    public String toString() {
        return permits + "/" + per + " (burst " + burst + ')';
    }
}
