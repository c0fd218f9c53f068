package io.zapsocket.server.internal.engine;

import io.zapsocket.server.ServerObserver;
import io.zapsocket.server.ServerObserver.DropPolicy;
import io.zapsocket.server.ServerObserver.HandshakeRefusal;
import java.util.concurrent.atomic.LongAdder;

/**
 * Flow-control and admission counters of one {@link EngineServer} (totals since it was created). Thread-safe;
 * incremented from the session loops, read from anywhere.
 */
public final class EngineStats {
    private final Observers observers;
    private final LongAdder volatileDrops = new LongAdder();
    private final LongAdder lowPriorityDrops = new LongAdder();
    private final LongAdder slowClientDisconnects = new LongAdder();
    private final LongAdder refusedTooManyConnections = new LongAdder();
    private final LongAdder refusedRateLimited = new LongAdder();
    private final LongAdder refusedOrigin = new LongAdder();

    EngineStats(Observers observers) {
        this.observers = observers;
    }

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
        ServerObserver o = observers.current();
        if (o != null) {
            o.onDropped(DropPolicy.VOLATILE, 1);
        }
    }

    void lowPriorityDropped(int n) {
        lowPriorityDrops.add(n);
        ServerObserver o = observers.current();
        if (o != null) {
            o.onDropped(DropPolicy.LOW_PRIORITY, n);
        }
    }

    void slowClientDisconnected() {
        slowClientDisconnects.increment();
        ServerObserver o = observers.current();
        if (o != null) {
            o.onDropped(DropPolicy.SLOW_CLIENT, 1);
        }
    }

    void refusedTooManyConnections0() {
        refusedTooManyConnections.increment();
        refused(HandshakeRefusal.TOO_MANY_CONNECTIONS);
    }

    void refusedRateLimited0() {
        refusedRateLimited.increment();
        refused(HandshakeRefusal.RATE_LIMITED);
    }

    void refusedOrigin0() {
        refusedOrigin.increment();
        refused(HandshakeRefusal.ORIGIN_NOT_ALLOWED);
    }

    /** Tells the observers of a refusal that has no counter of its own. */
    void refused(HandshakeRefusal reason) {
        ServerObserver o = observers.current();
        if (o != null) {
            o.onHandshakeRefused(reason);
        }
    }

    @Override
    public String toString() {
        return "EngineStats{volatileDrops=" + volatileDrops() + ", lowPriorityDrops=" + lowPriorityDrops()
                + ", slowClientDisconnects=" + slowClientDisconnects() + ", refusedTooManyConnections="
                + refusedTooManyConnections() + ", refusedRateLimited=" + refusedRateLimited() + ", refusedOrigin="
                + refusedOrigin() + '}';
    }
}
