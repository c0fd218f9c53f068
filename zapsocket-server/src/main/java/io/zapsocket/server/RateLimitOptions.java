package io.zapsocket.server;

import io.zapsocket.protocol.DisconnectReason;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Rate limits on incoming events, checked on the socket's event loop before any handler or middleware runs.
 * Each socket has its own buckets: one for all its events ({@link Builder#perSocket}) and one per limited event
 * name ({@link Builder#perEvent}); an event must fit in both.
 *
 * <p>A rate-limited event is dropped. If the client asked for an acknowledgement, it is answered with
 * {@code {"error":"rate limited","event":<name>,"retryAfterMs":<ms>}}; otherwise the client receives the event
 * {@value #ERROR_EVENT} with that same object, at most once per {@code retryAfterMs} (and per 10 ms): the events
 * dropped meanwhile are dropped silently, so a flood does not make the server write one notice per event. After
 * {@link #disconnectAfter()} rate-limited events (0 = never), the
 * socket is disconnected ({@code server namespace disconnect} on the wire, {@link DisconnectReason#RATE_LIMITED}
 * on the server).
 *
 * <p>Immutable; build with {@link #builder()}.
 *
 * @since 0.1
 */
public final class RateLimitOptions {
    /** The event sent to a client whose event was dropped without an acknowledgement to answer. */
    public static final String ERROR_EVENT = "rate_limited";

    /**
     * The server's default ({@code ServerOptions.rateLimits}): 500 events per second per socket with bursts of
     * 1 000, no per-event limit, never disconnects. Far above what an interactive client sends; it bounds what one
     * flooding socket costs. Turn it off with {@code rateLimits(null)}.
     *
     * @since 0.2
     */
    public static final RateLimitOptions DEFAULT = builder()
            .perSocket(RateLimit.of(500, java.time.Duration.ofSeconds(1)).withBurst(1_000)).build();

    private final RateLimit perSocket;
    private final Map<String, RateLimit> perEvent;
    private final int disconnectAfter;

    private RateLimitOptions(Builder b) {
        this.perSocket = b.perSocket;
        this.perEvent = Collections.unmodifiableMap(new LinkedHashMap<>(b.perEvent));
        this.disconnectAfter = b.disconnectAfter;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The limit on all events of a socket, or {@code null}. */
    public RateLimit perSocket() {
        return perSocket;
    }

    /** Limits per event name. */
    public Map<String, RateLimit> perEvent() {
        return perEvent;
    }

    /** Rate-limited events tolerated before the socket is disconnected; 0 (default) never disconnects. */
    public int disconnectAfter() {
        return disconnectAfter;
    }

    @Override
    public String toString() {
        return "RateLimitOptions{perSocket=" + perSocket + ", perEvent=" + perEvent + ", disconnectAfter="
                + disconnectAfter + '}';
    }

    public static final class Builder {
        private RateLimit perSocket;
        private final Map<String, RateLimit> perEvent = new LinkedHashMap<>();
        private int disconnectAfter;

        private Builder() {
        }

        public Builder perSocket(RateLimit limit) {
            this.perSocket = limit;
            return this;
        }

        public Builder perEvent(String event, RateLimit limit) {
            perEvent.put(Objects.requireNonNull(event, "event"), Objects.requireNonNull(limit, "limit"));
            return this;
        }

        public Builder disconnectAfter(int violations) {
            if (violations < 0) {
                throw new IllegalArgumentException("disconnectAfter must be >= 0: " + violations);
            }
            this.disconnectAfter = violations;
            return this;
        }

        public RateLimitOptions build() {
            return new RateLimitOptions(this);
        }
    }
}
