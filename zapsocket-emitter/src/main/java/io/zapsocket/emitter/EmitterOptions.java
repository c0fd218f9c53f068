package io.zapsocket.emitter;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link Emitter} reaches the cluster. Immutable; {@link #builder(String)} validates in {@code build()}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code uri}</td><td>(required)</td><td>Redis URI ({@code redis://host:port[/db]}, {@code rediss://}
 *       for TLS, user and password in the URI)</td></tr>
 *   <tr><td>{@code key}</td><td>{@code socket.io}</td><td>channel prefix; the servers' adapters must use the same
 *       key</td></tr>
 *   <tr><td>{@code commandTimeout}</td><td>5 s</td><td>a publish not answered by Redis in time fails</td></tr>
 *   <tr><td>{@code maxQueuedCommands}</td><td>10 000</td><td>publishes held while Redis is unreachable; beyond
 *       that a publish fails at once</td></tr>
 *   <tr><td>{@code maxMessageBytes}</td><td>1 000 000</td><td>largest encoded message; a larger emit is refused
 *       with {@link IllegalArgumentException} (the servers' default {@code maxHttpBufferSize} is the same, and an
 *       official client would not accept more from a server that kept its default)</td></tr>
 * </table>
 *
 * @since 0.1.0
 */
public final class EmitterOptions {
    private final String uri;
    private final String key;
    private final Duration commandTimeout;
    private final int maxQueuedCommands;
    private final int maxMessageBytes;

    private EmitterOptions(Builder b) {
        this.uri = b.uri;
        this.key = b.key;
        this.commandTimeout = b.commandTimeout;
        this.maxQueuedCommands = b.maxQueuedCommands;
        this.maxMessageBytes = b.maxMessageBytes;
    }

    /** Options for the Redis at {@code uri}, with the defaults above. */
    public static Builder builder(String uri) {
        return new Builder().uri(uri);
    }

    /** Options with the defaults above but no Redis URI: for {@link Emitter#create(Publisher, EmitterOptions)}. */
    public static EmitterOptions defaults() {
        return new Builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.uri = uri;
        b.key = key;
        b.commandTimeout = commandTimeout;
        b.maxQueuedCommands = maxQueuedCommands;
        b.maxMessageBytes = maxMessageBytes;
        return b;
    }

    /** The Redis URI, or {@code null} for {@link #defaults()}. */
    public String uri() {
        return uri;
    }

    public String key() {
        return key;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public int maxQueuedCommands() {
        return maxQueuedCommands;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** The URI without its password, for logs. */
    public String redactedUri() {
        return uri == null ? null : uri.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
    }

    @Override
    public String toString() {
        return "EmitterOptions{uri=" + redactedUri() + ", key=" + key + ", commandTimeout=" + commandTimeout
                + ", maxQueuedCommands=" + maxQueuedCommands + ", maxMessageBytes=" + maxMessageBytes + "}";
    }

    /** Builder of {@link EmitterOptions}. */
    public static final class Builder {
        private String uri;
        private String key = "socket.io";
        private Duration commandTimeout = Duration.ofSeconds(5);
        private int maxQueuedCommands = 10_000;
        private int maxMessageBytes = 1_000_000;

        private Builder() {
        }

        public Builder uri(String uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = URI.create(uri).getScheme();
            if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
                throw new IllegalArgumentException("uri: redis:// or rediss:// expected, got " + scheme);
            }
            this.uri = uri;
            return this;
        }

        public Builder key(String key) {
            if (Objects.requireNonNull(key, "key").isEmpty() || key.indexOf('#') >= 0) {
                throw new IllegalArgumentException("key: non-empty and without '#'");
            }
            this.key = key;
            return this;
        }

        public Builder commandTimeout(Duration timeout) {
            if (Objects.requireNonNull(timeout, "commandTimeout").isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive");
            }
            this.commandTimeout = timeout;
            return this;
        }

        public Builder maxQueuedCommands(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxQueuedCommands must be positive");
            }
            this.maxQueuedCommands = max;
            return this;
        }

        public Builder maxMessageBytes(int max) {
            if (max < 64) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 64");
            }
            this.maxMessageBytes = max;
            return this;
        }

        public EmitterOptions build() {
            return new EmitterOptions(this);
        }
    }
}
