package io.zapsocket.server.internal.engine;

import io.zapsocket.server.RateLimit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key: per client address for handshakes, per API key for the publish API. Each bucket is an
 * immutable value replaced atomically ({@link ConcurrentHashMap#compute}), so concurrent requests for one key on
 * different loops cannot both take the last token. At most {@link #MAX_TRACKED} keys are tracked: past that, buckets
 * that have refilled completely (equivalent to no bucket) are swept; if every bucket is still in use, new keys are
 * refused rather than growing the map without bound.
 *
 * @param <K> the key (an {@code InetAddress}, a string)
 */
public final class KeyedRateLimiter<K> {
    static final int MAX_TRACKED = 100_000;

    private record Bucket(double tokens, long updatedNanos) {
    }

    private final double perNano;
    private final int burst;
    private final long refillNanos;
    private final ConcurrentHashMap<K, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep = System.nanoTime() - 2_000_000_000L;

    public KeyedRateLimiter(RateLimit limit) {
        this.perNano = (double) limit.permits() / limit.per().toNanos();
        this.burst = limit.burst();
        this.refillNanos = (long) Math.ceil(burst / perNano);
    }

    /** Takes a token for {@code address} at time {@code now} (nanoTime); {@code false} when none is left. */
    public boolean tryAcquire(K address, long now) {
        if (buckets.size() >= MAX_TRACKED && !buckets.containsKey(address)) {
            if (now - lastSweep >= 1_000_000_000L) { // at most one O(n) sweep per second
                lastSweep = now;
                sweep(now);
            }
            if (buckets.size() >= MAX_TRACKED) {
                return false;
            }
        }
        boolean[] granted = new boolean[1];
        buckets.compute(address, (a, b) -> {
            double tokens = b == null ? burst : Math.min(burst, b.tokens + (now - b.updatedNanos) * perNano);
            if (tokens >= 1) {
                granted[0] = true;
                tokens -= 1;
            }
            return new Bucket(tokens, now);
        });
        return granted[0];
    }

    /** Forgets buckets that are full again. */
    void sweep(long now) {
        buckets.entrySet().removeIf(e -> now - e.getValue().updatedNanos >= refillNanos);
    }

    int tracked() {
        return buckets.size();
    }
}
