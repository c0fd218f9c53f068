package io.zapsocket.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Server-Sent Events: a read-only subscription to rooms for a browser's native {@code EventSource} (or any HTTP
 * client), with resume after a reconnect through {@code Last-Event-ID}. Off unless {@link ServerOptions#sse()} is
 * set. Immutable.
 *
 * <pre>{@code
 * ServerOptions.builder()
 *     .connectionStateRecovery(RecoveryOptions.DEFAULT)   // gives every event an id, and the history to resume
 *     .sse(SseOptions.builder((request, nsp, rooms) -> checkToken(request.queryParam("token"), rooms)).build())
 *     .build();
 * // browser: new EventSource("/zap/sse?room=news&token=...").addEventListener("headline", e => ...)
 * }</pre>
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code authorizer}</td><td>(required)</td><td>who may subscribe to what ({@link SseAuthorizer};
 *       {@link SseAuthorizer#ALLOW_ALL} for public feeds)</td></tr>
 *   <tr><td>{@code path}</td><td>{@code /zap/sse}</td><td>{@code GET path?nsp=/chat&room=a&room=b}</td></tr>
 *   <tr><td>{@code heartbeat}</td><td>15 s</td><td>a comment line when nothing was sent, so proxies keep the
 *       connection</td></tr>
 *   <tr><td>{@code retry}</td><td>2 s</td><td>the reconnection delay sent to {@code EventSource}</td></tr>
 *   <tr><td>{@code maxRooms}</td><td>100</td><td>rooms in one subscription; more: 400</td></tr>
 *   <tr><td>{@code maxSubscribers}</td><td>10 000</td><td>open subscriptions per server; more: 503</td></tr>
 *   <tr><td>{@code maxBufferedBytes}</td><td>1 MiB</td><td>bytes waiting for a slow reader; beyond: the stream is
 *       closed (the browser reconnects and resumes)</td></tr>
 * </table>
 *
 * @since 0.1.0
 */
public final class SseOptions {
    private final SseAuthorizer authorizer;
    private final String path;
    private final Duration heartbeat;
    private final Duration retry;
    private final int maxRooms;
    private final int maxSubscribers;
    private final int maxBufferedBytes;

    private SseOptions(Builder b) {
        this.authorizer = b.authorizer;
        this.path = b.path;
        this.heartbeat = b.heartbeat;
        this.retry = b.retry;
        this.maxRooms = b.maxRooms;
        this.maxSubscribers = b.maxSubscribers;
        this.maxBufferedBytes = b.maxBufferedBytes;
    }

    public static Builder builder(SseAuthorizer authorizer) {
        return new Builder(authorizer);
    }

    public SseAuthorizer authorizer() {
        return authorizer;
    }

    public String path() {
        return path;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    public Duration retry() {
        return retry;
    }

    public int maxRooms() {
        return maxRooms;
    }

    public int maxSubscribers() {
        return maxSubscribers;
    }

    public int maxBufferedBytes() {
        return maxBufferedBytes;
    }

    @Override
    public String toString() {
        return "SseOptions{path=" + path + ", heartbeat=" + heartbeat + ", retry=" + retry + ", maxRooms=" + maxRooms
                + ", maxSubscribers=" + maxSubscribers + ", maxBufferedBytes=" + maxBufferedBytes + '}';
    }

    public static final class Builder {
        private final SseAuthorizer authorizer;
        private String path = "/zap/sse";
        private Duration heartbeat = Duration.ofSeconds(15);
        private Duration retry = Duration.ofSeconds(2);
        private int maxRooms = 100;
        private int maxSubscribers = 10_000;
        private int maxBufferedBytes = 1 << 20;

        private Builder(SseAuthorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer (SseAuthorizer.ALLOW_ALL for public feeds)");
        }

        public Builder path(String path) {
            this.path = EndpointPath.normalize(path, "/zap/sse");
            return this;
        }

        public Builder heartbeat(Duration heartbeat) {
            this.heartbeat = positive(heartbeat, "heartbeat");
            return this;
        }

        public Builder retry(Duration retry) {
            this.retry = positive(retry, "retry");
            return this;
        }

        public Builder maxRooms(int max) {
            this.maxRooms = atLeastOne(max, "maxRooms");
            return this;
        }

        public Builder maxSubscribers(int max) {
            this.maxSubscribers = atLeastOne(max, "maxSubscribers");
            return this;
        }

        public Builder maxBufferedBytes(int max) {
            this.maxBufferedBytes = atLeastOne(max, "maxBufferedBytes");
            return this;
        }

        public SseOptions build() {
            return new SseOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        private static int atLeastOne(int v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1: " + v);
            }
            return v;
        }
    }
}
