package io.zapsocket.server.internal.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * Flow-control and admission counters of one {@link EngineServer} (totals since it was created). Thread-safe;
 * incremented from the session loops, read from anywhere.
 */
public final class EngineStats {
    private final LongAdder volatileDrops = new LongAdder();
    private final LongAdder lowPriorityDrops = new LongAdder();
    private final LongAdder slowClientDisconnects = new LongAdder();
    private final LongAdder refusedTooManyConnections = new LongAdder();
    private final LongAdder refusedRateLimited = new LongAdder();
    private final LongAdder refusedOrigin = new LongAdder();

    /** Volatile messages dropped because the transport was not writable. */
    public long volatileDrops() {
        return volatileDrops.sum();
    }

    /** LOW-priority messages dropped because a queue was over the soft limit. */
    public long lowPriorityDrops() {
        return lowPriorityDrops.sum();
    }

    /** Sessions closed with {@code slow client}. */
    public long slowClientDisconnects() {
        return slowClientDisconnects.sum();
    }

    /** Handshakes refused because {@code maxConnections} was reached. */
    public long refusedTooManyConnections() {
        return refusedTooManyConnections.sum();
    }

    /** Handshakes refused by the per-IP handshake rate limit. */
    public long refusedRateLimited() {
        return refusedRateLimited.sum();
    }

    /** Requests refused because their {@code Origin} is not in the allowlist. */
    public long refusedOrigin() {
        return refusedOrigin.sum();
    }

    /** All refused handshakes and requests. */
    public long refused() {
        return refusedTooManyConnections() + refusedRateLimited() + refusedOrigin();
    }

    void volatileDropped() {
        volatileDrops.increment();
    }

    void lowPriorityDropped(int n) {
        lowPriorityDrops.add(n);
    }

    void slowClientDisconnected() {
        slowClientDisconnects.increment();
    }

    void refusedTooManyConnections0() {
        refusedTooManyConnections.increment();
    }

    void refusedRateLimited0() {
        refusedRateLimited.increment();
    }

    void refusedOrigin0() {
        refusedOrigin.increment();
    }

    @Override
    public String toString() {
        return "EngineStats{volatileDrops=" + volatileDrops() + ", lowPriorityDrops=" + lowPriorityDrops()
                + ", slowClientDisconnects=" + slowClientDisconnects() + ", refusedTooManyConnections="
                + refusedTooManyConnections() + ", refusedRateLimited=" + refusedRateLimited() + ", refusedOrigin="
                + refusedOrigin() + '}';
    }
}
