package io.zapsocket.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection state recovery (Socket.IO 4.6+ wire behaviour): after a temporary disconnection, a client that comes
 * back within {@link #maxDisconnectionDuration()} gets the same socket id, rooms and {@code data}, and receives
 * the events it missed (broadcasts and plain emits without acknowledgement, not volatile ones) before the CONNECT
 * reply.
 *
 * <p>Immutable; build with {@link #builder()}.
 *
 * @since 0.1
 */
public final class RecoveryOptions {
    /** 2 minutes, middlewares skipped, 10 000 stored packets. */
    public static final RecoveryOptions DEFAULT = builder().build();

    private final Duration maxDisconnectionDuration;
    private final boolean skipMiddlewares;
    private final int maxStoredPackets;

    private RecoveryOptions(Builder b) {
        this.maxDisconnectionDuration = b.maxDisconnectionDuration;
        this.skipMiddlewares = b.skipMiddlewares;
        this.maxStoredPackets = b.maxStoredPackets;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How long a disconnected session can be recovered (default 2 minutes). */
    public Duration maxDisconnectionDuration() {
        return maxDisconnectionDuration;
    }

    /** Whether a recovered socket skips the connection middlewares (default {@code true}). */
    public boolean skipMiddlewares() {
        return skipMiddlewares;
    }

    /**
     * Bound on the packets kept per namespace for replay (default 10 000; the oldest are dropped first). A client
     * whose last offset has been dropped is connected as a new session ({@code recovered() == false}).
     */
    public int maxStoredPackets() {
        return maxStoredPackets;
    }

    @Override
    public String toString() {
        return "RecoveryOptions{maxDisconnectionDuration=" + maxDisconnectionDuration + ", skipMiddlewares="
                + skipMiddlewares + ", maxStoredPackets=" + maxStoredPackets + '}';
    }

    public static final class Builder {
        private Duration maxDisconnectionDuration = Duration.ofMinutes(2);
        private boolean skipMiddlewares = true;
        private int maxStoredPackets = 10_000;

        private Builder() {
        }

        public Builder maxDisconnectionDuration(Duration d) {
            Objects.requireNonNull(d, "maxDisconnectionDuration");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("maxDisconnectionDuration must be positive: " + d);
            }
            this.maxDisconnectionDuration = d;
            return this;
        }

        public Builder skipMiddlewares(boolean skip) {
            this.skipMiddlewares = skip;
            return this;
        }

        public Builder maxStoredPackets(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxStoredPackets must be >= 1: " + max);
            }
            this.maxStoredPackets = max;
            return this;
        }

        public RecoveryOptions build() {
            return new RecoveryOptions(this);
        }
    }
}
