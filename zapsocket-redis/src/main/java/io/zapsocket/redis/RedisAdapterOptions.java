package io.zapsocket.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Options of the Redis adapters. Names and defaults follow the Node adapters ({@code @socket.io/redis-adapter} 8.3,
 * {@code @socket.io/redis-streams-adapter} 0.3), so that a Zap-Socket node configured with the defaults joins a
 * Node cluster configured with the defaults.
 *
 * <p>Immutable; build with {@link #builder(String)}, derive with {@link #toBuilder()}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>uri</td><td>(required)</td><td>Redis URI, e.g. {@code redis://127.0.0.1:6379}</td></tr>
 *   <tr><td>clusterSeeds</td><td>(none)</td><td>Redis Cluster: the seed nodes ({@link #clusterBuilder(String...)});
 *       empty for a single Redis</td></tr>
 *   <tr><td>topologyRefreshPeriod</td><td>5 s</td><td>Redis Cluster: how often the slot map is read again (also
 *       on MOVED/ASK and reconnections, at most once a second); bounds how long a failover or a slot migration goes
 *       unnoticed</td></tr>
 *   <tr><td>key</td><td>{@code socket.io}</td><td>channel prefix: {@code key} of the pub/sub adapter,
 *       {@code channelPrefix} of the sharded and Streams adapters</td></tr>
 *   <tr><td>requestsTimeout</td><td>5 s</td><td>how long a request to the other nodes (fetchSockets, serverSideEmit
 *       with ack, ...) waits for their answers</td></tr>
 *   <tr><td>publishOnSpecificResponseChannel</td><td>false</td><td>pub/sub adapter: answer on the requester's own
 *       response channel</td></tr>
 *   <tr><td>streamName</td><td>{@code socket.io}</td><td>Streams adapter: the stream (key)</td></tr>
 *   <tr><td>streamCount</td><td>1</td><td>Streams adapter: namespaces are spread over this many streams</td></tr>
 *   <tr><td>maxLen</td><td>10 000</td><td>Streams adapter: approximate stream length ({@code MAXLEN ~}); bounds
 *       how far back a session can be recovered</td></tr>
 *   <tr><td>readCount</td><td>100</td><td>Streams adapter: entries per {@code XREAD}</td></tr>
 *   <tr><td>blockTime</td><td>5 s</td><td>Streams adapter: {@code XREAD BLOCK} time</td></tr>
 *   <tr><td>sessionKeyPrefix</td><td>{@code sio:session:}</td><td>Streams adapter: key prefix of persisted
 *       sessions</td></tr>
 *   <tr><td>useShardedPubSub</td><td>false</td><td>Streams adapter: ephemeral messages with {@code SPUBLISH}</td></tr>
 *   <tr><td>onlyPlaintext</td><td>false</td><td>Streams adapter: never write msgpack entries (binary as
 *       {@code Buffer} JSON)</td></tr>
 *   <tr><td>subscriptionMode</td><td>DYNAMIC</td><td>sharded adapter: which rooms get their own channel</td></tr>
 *   <tr><td>maxQueuedCommands</td><td>10 000</td><td>commands Lettuce may hold while Redis is unreachable (and,
 *       separately, stream entries waiting in the Streams adapter's outbox); beyond, they fail at once (a broadcast is
 *       then delivered locally only)</td></tr>
 *   <tr><td>maxInboundBacklog</td><td>100 000</td><td>messages from Redis waiting to be applied locally; beyond,
 *       new ones are dropped and counted</td></tr>
 *   <tr><td>maxPendingRequests</td><td>10 000</td><td>requests waiting for other nodes' answers; beyond, new
 *       requests fail at once</td></tr>
 *   <tr><td>commandTimeout</td><td>10 s</td><td>timeout of one Redis command ({@code XREAD} gets blockTime
 *       more)</td></tr>
 * </table>
 *
 * @since 0.2
 */
public final class RedisAdapterOptions {
    private final String uri;
    private final String key;
    private final Duration requestsTimeout;
    private final boolean publishOnSpecificResponseChannel;
    private final String streamName;
    private final int streamCount;
    private final long maxLen;
    private final int readCount;
    private final Duration blockTime;
    private final String sessionKeyPrefix;
    private final boolean useShardedPubSub;
    private final boolean onlyPlaintext;
    private final SubscriptionMode subscriptionMode;
    private final int maxQueuedCommands;
    private final int maxInboundBacklog;
    private final int maxPendingRequests;
    private final Duration commandTimeout;
    private final List<String> clusterSeeds;
    private final Duration topologyRefreshPeriod;

    /** Which rooms get their own channel with the sharded adapter (as {@code subscriptionMode} in Node). */
    public enum SubscriptionMode {
        /** Rooms that are not socket ids. */
        DYNAMIC,
        /** Every room. */
        DYNAMIC_PRIVATE,
        /** None: everything goes through the main channel. */
        STATIC
    }

    private RedisAdapterOptions(Builder b) {
        this.uri = b.uri;
        this.key = b.key;
        this.requestsTimeout = b.requestsTimeout;
        this.publishOnSpecificResponseChannel = b.publishOnSpecificResponseChannel;
        this.streamName = b.streamName;
        this.streamCount = b.streamCount;
        this.maxLen = b.maxLen;
        this.readCount = b.readCount;
        this.blockTime = b.blockTime;
        this.sessionKeyPrefix = b.sessionKeyPrefix;
        this.useShardedPubSub = b.useShardedPubSub;
        this.onlyPlaintext = b.onlyPlaintext;
        this.subscriptionMode = b.subscriptionMode;
        this.maxQueuedCommands = b.maxQueuedCommands;
        this.maxInboundBacklog = b.maxInboundBacklog;
        this.maxPendingRequests = b.maxPendingRequests;
        this.commandTimeout = b.commandTimeout;
        this.clusterSeeds = b.clusterSeeds;
        this.topologyRefreshPeriod = b.topologyRefreshPeriod;
    }

    /** A builder with the defaults and this Redis URI ({@code redis://host:port[/db]}, {@code rediss://...}). */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /**
     * A builder for a Redis Cluster: the adapters use a cluster client that routes each key and sharded channel to
     * the master of its slot and follows failovers and slot migrations. {@code seedUris} are some of the cluster's
     * nodes ({@code redis://host:port}, {@code rediss://...}); the others are discovered.
     *
     * @since 0.3
     */
    public static Builder clusterBuilder(String... seedUris) {
        if (seedUris.length == 0) {
            throw new IllegalArgumentException("a Redis Cluster needs at least one seed node");
        }
        return new Builder(seedUris[0]).clusterSeeds(List.of(seedUris));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public String uri() {
        return uri;
    }

    public String key() {
        return key;
    }

    public Duration requestsTimeout() {
        return requestsTimeout;
    }

    public boolean publishOnSpecificResponseChannel() {
        return publishOnSpecificResponseChannel;
    }

    public String streamName() {
        return streamName;
    }

    public int streamCount() {
        return streamCount;
    }

    public long maxLen() {
        return maxLen;
    }

    public int readCount() {
        return readCount;
    }

    public Duration blockTime() {
        return blockTime;
    }

    public String sessionKeyPrefix() {
        return sessionKeyPrefix;
    }

    public boolean useShardedPubSub() {
        return useShardedPubSub;
    }

    public boolean onlyPlaintext() {
        return onlyPlaintext;
    }

    public SubscriptionMode subscriptionMode() {
        return subscriptionMode;
    }

    public int maxQueuedCommands() {
        return maxQueuedCommands;
    }

    public int maxInboundBacklog() {
        return maxInboundBacklog;
    }

    public int maxPendingRequests() {
        return maxPendingRequests;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** The seed nodes of a Redis Cluster; empty for a single Redis. @since 0.3 */
    public List<String> clusterSeeds() {
        return clusterSeeds;
    }

    /** Whether the adapters talk to a Redis Cluster. @since 0.3 */
    public boolean cluster() {
        return !clusterSeeds.isEmpty();
    }

    /** @since 0.3 */
    public Duration topologyRefreshPeriod() {
        return topologyRefreshPeriod;
    }

    @Override
    public String toString() {
        return "RedisAdapterOptions{uri=" + redactedUri()
                + (cluster() ? ", cluster of " + clusterSeeds.size() + " seeds, topologyRefreshPeriod="
                        + topologyRefreshPeriod : "")
                + ", key=" + key + ", requestsTimeout=" + requestsTimeout
                + ", streamName=" + streamName + ", streamCount=" + streamCount + ", maxLen=" + maxLen
                + ", sessionKeyPrefix=" + sessionKeyPrefix + ", useShardedPubSub=" + useShardedPubSub
                + ", subscriptionMode=" + subscriptionMode + ", maxQueuedCommands=" + maxQueuedCommands
                + ", maxInboundBacklog=" + maxInboundBacklog + ", maxPendingRequests=" + maxPendingRequests + '}';
    }

    /** The URI with its credentials masked, for logs. */
    public String redactedUri() {
        int at = uri.indexOf('@');
        int scheme = uri.indexOf("://");
        return at > 0 && scheme > 0 && at > scheme ? uri.substring(0, scheme + 3) + "***" + uri.substring(at) : uri;
    }

    public static final class Builder {
        private String uri;
        private String key = "socket.io";
        private Duration requestsTimeout = Duration.ofSeconds(5);
        private boolean publishOnSpecificResponseChannel;
        private String streamName = "socket.io";
        private int streamCount = 1;
        private long maxLen = 10_000;
        private int readCount = 100;
        private Duration blockTime = Duration.ofSeconds(5);
        private String sessionKeyPrefix = "sio:session:";
        private boolean useShardedPubSub;
        private boolean onlyPlaintext;
        private SubscriptionMode subscriptionMode = SubscriptionMode.DYNAMIC;
        private int maxQueuedCommands = 10_000;
        private int maxInboundBacklog = 100_000;
        private int maxPendingRequests = 10_000;
        private Duration commandTimeout = Duration.ofSeconds(10);
        private List<String> clusterSeeds = List.of();
        private Duration topologyRefreshPeriod = Duration.ofSeconds(5);

        private Builder(String uri) {
            uri(uri);
        }

        private Builder(RedisAdapterOptions o) {
            this.uri = o.uri;
            this.key = o.key;
            this.requestsTimeout = o.requestsTimeout;
            this.publishOnSpecificResponseChannel = o.publishOnSpecificResponseChannel;
            this.streamName = o.streamName;
            this.streamCount = o.streamCount;
            this.maxLen = o.maxLen;
            this.readCount = o.readCount;
            this.blockTime = o.blockTime;
            this.sessionKeyPrefix = o.sessionKeyPrefix;
            this.useShardedPubSub = o.useShardedPubSub;
            this.onlyPlaintext = o.onlyPlaintext;
            this.subscriptionMode = o.subscriptionMode;
            this.maxQueuedCommands = o.maxQueuedCommands;
            this.maxInboundBacklog = o.maxInboundBacklog;
            this.maxPendingRequests = o.maxPendingRequests;
            this.commandTimeout = o.commandTimeout;
            this.clusterSeeds = o.clusterSeeds;
            this.topologyRefreshPeriod = o.topologyRefreshPeriod;
        }

        public Builder uri(String uri) {
            Objects.requireNonNull(uri, "uri");
            if (!uri.startsWith("redis://") && !uri.startsWith("rediss://") && !uri.startsWith("redis-socket://")) {
                throw new IllegalArgumentException("not a Redis URI: " + uri);
            }
            this.uri = uri;
            return this;
        }

        /**
         * The seed nodes of a Redis Cluster (empty: a single Redis at {@code uri}); {@code uri} becomes the first
         * seed. Each must be a {@code redis://} or {@code rediss://} URI.
         *
         * @since 0.3
         */
        public Builder clusterSeeds(List<String> seeds) {
            Objects.requireNonNull(seeds, "clusterSeeds");
            for (String seed : seeds) {
                Objects.requireNonNull(seed, "cluster seed");
                if (!seed.startsWith("redis://") && !seed.startsWith("rediss://")) {
                    throw new IllegalArgumentException("not a Redis Cluster node URI: " + seed);
                }
            }
            this.clusterSeeds = List.copyOf(seeds);
            if (!seeds.isEmpty()) {
                this.uri = seeds.get(0);
            }
            return this;
        }

        /** @since 0.3 */
        public Builder topologyRefreshPeriod(Duration period) {
            this.topologyRefreshPeriod = positive(period, "topologyRefreshPeriod");
            return this;
        }

        public Builder key(String key) {
            this.key = nonEmpty(key, "key");
            return this;
        }

        public Builder requestsTimeout(Duration timeout) {
            this.requestsTimeout = positive(timeout, "requestsTimeout");
            return this;
        }

        public Builder publishOnSpecificResponseChannel(boolean specific) {
            this.publishOnSpecificResponseChannel = specific;
            return this;
        }

        public Builder streamName(String streamName) {
            this.streamName = nonEmpty(streamName, "streamName");
            return this;
        }

        public Builder streamCount(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("streamCount must be >= 1: " + count);
            }
            this.streamCount = count;
            return this;
        }

        public Builder maxLen(long maxLen) {
            if (maxLen < 1) {
                throw new IllegalArgumentException("maxLen must be >= 1: " + maxLen);
            }
            this.maxLen = maxLen;
            return this;
        }

        public Builder readCount(int readCount) {
            if (readCount < 1) {
                throw new IllegalArgumentException("readCount must be >= 1: " + readCount);
            }
            this.readCount = readCount;
            return this;
        }

        public Builder blockTime(Duration blockTime) {
            this.blockTime = positive(blockTime, "blockTime");
            return this;
        }

        public Builder sessionKeyPrefix(String prefix) {
            this.sessionKeyPrefix = Objects.requireNonNull(prefix, "sessionKeyPrefix");
            return this;
        }

        public Builder useShardedPubSub(boolean sharded) {
            this.useShardedPubSub = sharded;
            return this;
        }

        public Builder onlyPlaintext(boolean onlyPlaintext) {
            this.onlyPlaintext = onlyPlaintext;
            return this;
        }

        public Builder subscriptionMode(SubscriptionMode mode) {
            this.subscriptionMode = Objects.requireNonNull(mode, "subscriptionMode");
            return this;
        }

        public Builder maxQueuedCommands(int max) {
            this.maxQueuedCommands = atLeastOne(max, "maxQueuedCommands");
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

        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "commandTimeout");
            return this;
        }

        public RedisAdapterOptions build() {
            return new RedisAdapterOptions(this);
        }

        private static int atLeastOne(int v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1: " + v);
            }
            return v;
        }

        private static String nonEmpty(String s, String name) {
            Objects.requireNonNull(s, name);
            if (s.isEmpty()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return s;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
