package io.zapsocket.client.internal;

import java.util.function.DoubleSupplier;

/**
 * The reconnection delay of the JavaScript client (its {@code backo2} backoff), exactly: the {@code n}-th delay
 * (from 0) is {@code ms = min * 2^n}; with a randomization factor {@code f > 0} and {@code r = random()},
 * {@code deviation = floor(r * f * ms)} is subtracted when {@code floor(r * 10)} is even and added when it is odd;
 * the result is capped at {@code max} and truncated to an integer. One deliberate difference: after about 1024
 * attempts {@code 2^n} overflows to infinity, where JavaScript's arithmetic yields {@code NaN | 0 = 0} half of the
 * time (a reconnection storm); here the delay stays at {@code max}.
 *
 * <p>Not thread-safe: owned by the client's event loop.
 */
final class Backoff {
    private final double min;
    private final double max;
    private final double factor;
    private final DoubleSupplier random;
    private int attempts;

    /**
     * @param minMillis the first delay
     * @param maxMillis the cap
     * @param randomizationFactor the jitter factor, {@code [0, 1]}
     * @param random uniform in {@code [0, 1)}
     */
    Backoff(long minMillis, long maxMillis, double randomizationFactor, DoubleSupplier random) {
        this.min = minMillis;
        this.max = maxMillis;
        this.factor = randomizationFactor;
        this.random = random;
    }

    /** The next delay in milliseconds; counts one attempt. */
    long duration() {
        double ms = min * Math.pow(2, attempts);
        if (attempts < Integer.MAX_VALUE) {
            attempts++;
        }
        if (factor > 0) {
            double r = random.getAsDouble();
            double deviation = Math.floor(r * factor * ms);
            ms = (((long) Math.floor(r * 10)) & 1) == 0 ? ms - deviation : ms + deviation;
        }
        if (Double.isNaN(ms)) {
            return (long) max;
        }
        return (long) Math.min(ms, max); // both within int range: JavaScript's "| 0" truncation
    }

    /** Attempts counted since the last {@link #reset()}. */
    int attempts() {
        return attempts;
    }

    void reset() {
        attempts = 0;
    }
}
