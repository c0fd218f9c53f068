package io.zapsocket.postgres;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Options of the PostgreSQL adapter. Names and defaults follow {@code @socket.io/postgres-adapter} 0.5 (and the
 * heartbeat of socket.io-adapter's {@code ClusterAdapterWithHeartbeat}), so that a Zap-Socket node configured with
 * the defaults joins a Node cluster configured with the defaults.
 *
 * <p>Immutable; build with {@link #builder(String)}, derive with {@link #toBuilder()}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>jdbcUrl</td><td>(required)</td><td>pgjdbc URL, e.g.
 *       {@code jdbc:postgresql://127.0.0.1:5432/app}</td></tr>
 *   <tr><td>user / password</td><td>none</td><td>credentials (else from the URL or pgjdbc's defaults)</td></tr>
 *   <tr><td>channelPrefix</td><td>{@code socket.io}</td><td>the NOTIFY channel of a namespace is
 *       {@code channelPrefix#nsp}</td></tr>
 *   <tr><td>tableName</td><td>{@code socket_io_attachments}</td><td>the table of payloads over
 *       {@code payloadThreshold} or with binary</td></tr>
 *   <tr><td>createTable</td><td>true</td><td>{@code CREATE TABLE IF NOT EXISTS} the attachment table on start (Node's
 *       adapter expects it to exist)</td></tr>
 *   <tr><td>payloadThreshold</td><td>8 000 bytes</td><td>JSON payloads of this size or more go through the table
 *       (NOTIFY takes less than 8 000 bytes)</td></tr>
 *   <tr><td>cleanupInterval</td><td>30 s</td><td>attachments older than this are deleted, this often</td></tr>
 *   <tr><td>heartbeatInterval</td><td>5 s</td><td>a heartbeat is published after this long without a message</td></tr>
 *   <tr><td>heartbeatTimeout</td><td>10 s</td><td>a node not heard from for this long is no longer counted</td></tr>
 *   <tr><td>requestsTimeout</td><td>5 s</td><td>how long fetchSockets and serverSideEmit with ack wait for the other
 *       nodes</td></tr>
 *   <tr><td>maxQueuedPublishes</td><td>10 000</td><td>messages waiting for the publisher connection; beyond (or while
 *       PostgreSQL is unreachable and the queue is full) a publish fails at once and is counted</td></tr>
 *   <tr><td>maxInboundBacklog</td><td>100 000</td><td>notifications waiting to be applied locally; beyond, new ones
 *       are dropped and counted</td></tr>
 *   <tr><td>maxPendingRequests</td><td>10 000</td><td>requests waiting for other nodes' answers; beyond, new requests
 *       fail at once</td></tr>
 *   <tr><td>reconnectDelay</td><td>2 s</td><td>delay before a lost connection is opened again (randomized ±50 %,
 *       as Node)</td></tr>
 * </table>
 *
 * @since 0.2
 */
public final class PostgresAdapterOptions {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String channelPrefix;
    private final String tableName;
    private final boolean createTable;
    private final int payloadThreshold;
    private final Duration cleanupInterval;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final Duration requestsTimeout;
    private final int maxQueuedPublishes;
    private final int maxInboundBacklog;
    private final int maxPendingRequests;
    private final Duration reconnectDelay;

    private PostgresAdapterOptions(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.user = b.user;
        this.password = b.password;
        this.channelPrefix = b.channelPrefix;
        this.tableName = b.tableName;
        this.createTable = b.createTable;
        this.payloadThreshold = b.payloadThreshold;
        this.cleanupInterval = b.cleanupInterval;
        this.heartbeatInterval = b.heartbeatInterval;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.requestsTimeout = b.requestsTimeout;
        this.maxQueuedPublishes = b.maxQueuedPublishes;
        this.maxInboundBacklog = b.maxInboundBacklog;
        this.maxPendingRequests = b.maxPendingRequests;
        this.reconnectDelay = b.reconnectDelay;
    }

    /** Options for the database at {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db}), other values default. */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The user, or {@code null}. */
    public String user() {
        return user;
    }

    /** The password, or {@code null}. */
    public String password() {
        return password;
    }

    public String channelPrefix() {
        return channelPrefix;
    }

    public String tableName() {
        return tableName;
    }

    public boolean createTable() {
        return createTable;
    }

    public int payloadThreshold() {
        return payloadThreshold;
    }

    public Duration cleanupInterval() {
        return cleanupInterval;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    public Duration requestsTimeout() {
        return requestsTimeout;
    }

    public int maxQueuedPublishes() {
        return maxQueuedPublishes;
    }

    public int maxInboundBacklog() {
        return maxInboundBacklog;
    }

    public int maxPendingRequests() {
        return maxPendingRequests;
    }

    public Duration reconnectDelay() {
        return reconnectDelay;
    }

    @Override
    public String toString() {
        return "PostgresAdapterOptions{jdbcUrl=" + jdbcUrl + ", user=" + user + ", channelPrefix=" + channelPrefix
                + ", tableName=" + tableName + ", createTable=" + createTable + ", payloadThreshold="
                + payloadThreshold + ", cleanupInterval=" + cleanupInterval + ", heartbeatInterval="
                + heartbeatInterval + ", heartbeatTimeout=" + heartbeatTimeout + ", requestsTimeout="
                + requestsTimeout + ", maxQueuedPublishes=" + maxQueuedPublishes + ", maxInboundBacklog="
                + maxInboundBacklog + ", maxPendingRequests=" + maxPendingRequests + ", reconnectDelay="
                + reconnectDelay + '}';
    }

    /** Builds {@link PostgresAdapterOptions}; every setter validates its value. */
    public static final class Builder {
        private String jdbcUrl;
        private String user;
        private String password;
        private String channelPrefix = "socket.io";
        private String tableName = "socket_io_attachments";
        private boolean createTable = true;
        private int payloadThreshold = 8_000;
        private Duration cleanupInterval = Duration.ofSeconds(30);
        private Duration heartbeatInterval = Duration.ofSeconds(5);
        private Duration heartbeatTimeout = Duration.ofSeconds(10);
        private Duration requestsTimeout = Duration.ofSeconds(5);
        private int maxQueuedPublishes = 10_000;
        private int maxInboundBacklog = 100_000;
        private int maxPendingRequests = 10_000;
        private Duration reconnectDelay = Duration.ofSeconds(2);

        private Builder(String jdbcUrl) {
            jdbcUrl(jdbcUrl);
        }

        private Builder(PostgresAdapterOptions o) {
            this.jdbcUrl = o.jdbcUrl;
            this.user = o.user;
            this.password = o.password;
            this.channelPrefix = o.channelPrefix;
            this.tableName = o.tableName;
            this.createTable = o.createTable;
            this.payloadThreshold = o.payloadThreshold;
            this.cleanupInterval = o.cleanupInterval;
            this.heartbeatInterval = o.heartbeatInterval;
            this.heartbeatTimeout = o.heartbeatTimeout;
            this.requestsTimeout = o.requestsTimeout;
            this.maxQueuedPublishes = o.maxQueuedPublishes;
            this.maxInboundBacklog = o.maxInboundBacklog;
            this.maxPendingRequests = o.maxPendingRequests;
            this.reconnectDelay = o.reconnectDelay;
        }

        public Builder jdbcUrl(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql: " + jdbcUrl);
            }
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder channelPrefix(String prefix) {
            if (Objects.requireNonNull(prefix, "channelPrefix").isEmpty()) {
                throw new IllegalArgumentException("channelPrefix must not be empty");
            }
            this.channelPrefix = prefix;
            return this;
        }

        /** A plain or schema-qualified SQL identifier ({@code [A-Za-z_][A-Za-z0-9_]*}); it is put into SQL as is. */
        public Builder tableName(String table) {
            if (!IDENTIFIER.matcher(Objects.requireNonNull(table, "tableName")).matches()) {
                throw new IllegalArgumentException("tableName must be a plain SQL identifier: " + table);
            }
            this.tableName = table;
            return this;
        }

        public Builder createTable(boolean create) {
            this.createTable = create;
            return this;
        }

        /**
         * JSON payloads of this many bytes or more go through the attachment table; at most 8 000 (NOTIFY refuses
         * payloads of 8 000 bytes or more).
         */
        public Builder payloadThreshold(int bytes) {
            if (bytes < 1 || bytes > 8_000) {
                throw new IllegalArgumentException("payloadThreshold must be in [1, 8000]: " + bytes);
            }
            this.payloadThreshold = bytes;
            return this;
        }

        public Builder cleanupInterval(Duration interval) {
            this.cleanupInterval = positive(interval, "cleanupInterval");
            return this;
        }

        /** Both heartbeat durations; the timeout must exceed the interval. */
        public Builder heartbeat(Duration interval, Duration timeout) {
            positive(interval, "heartbeatInterval");
            positive(timeout, "heartbeatTimeout");
            if (timeout.compareTo(interval) <= 0) {
                throw new IllegalArgumentException("heartbeatTimeout must exceed heartbeatInterval");
            }
            this.heartbeatInterval = interval;
            this.heartbeatTimeout = timeout;
            return this;
        }

        public Builder requestsTimeout(Duration timeout) {
            this.requestsTimeout = positive(timeout, "requestsTimeout");
            return this;
        }

        public Builder maxQueuedPublishes(int max) {
            this.maxQueuedPublishes = atLeastOne(max, "maxQueuedPublishes");
            return this;
        }

        public Builder maxInboundBacklog(int max) {
            this.maxInboundBacklog = atLeastOne(max, "maxInboundBacklog");
            return this;
        }

        public Builder maxPendingRequests(int max) {
            this.maxPendingRequests = atLeastOne(max, "maxPendingRequests");
            return this;
        }

        public Builder reconnectDelay(Duration delay) {
            this.reconnectDelay = positive(delay, "reconnectDelay");
            return this;
        }

        public PostgresAdapterOptions build() {
            return new PostgresAdapterOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        private static int atLeastOne(int n, String name) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + n);
            }
            return n;
        }
    }
}
