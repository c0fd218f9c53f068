package io.zapsocket.sync;

import io.zapsocket.server.ServerSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Options of the sync layer. Every bound is explicit and has a safe default (see the README's "Sync" table).
 *
 * <p>Immutable; build with {@link #builder()}, derive with {@link #toBuilder()}.
 *
 * @since 0.2
 */
public final class SyncOptions {
    /** The default {@link #historySize()}: 1000 publications per stream. */
    public static final int DEFAULT_HISTORY_SIZE = 1000;
    /** The default {@link #historyTtl()}: 10 minutes. */
    public static final Duration DEFAULT_HISTORY_TTL = Duration.ofMinutes(10);
    /** The default {@link #streamMetaTtl()}: 7 days. */
    public static final Duration DEFAULT_STREAM_META_TTL = Duration.ofDays(7);
    /** The default {@link #maxPageSize()}: 100 publications. */
    public static final int DEFAULT_MAX_PAGE_SIZE = 100;
    /** The default {@link #maxRoomNameLength()}: 200 characters. */
    public static final int DEFAULT_MAX_ROOM_NAME_LENGTH = 200;
    /** The default {@link #maxDataBytes()}: 64 KiB. */
    public static final int DEFAULT_MAX_DATA_BYTES = 64 * 1024;
    /** The default {@link #maxMetaBytes()}: 1 KiB. */
    public static final int DEFAULT_MAX_META_BYTES = 1024;
    /** The default {@link #heartbeatInterval()}: 2 s. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(2);
    /** The default {@link #nodeTimeout()}: 7 s (a dead node's members are gone within 9 s). */
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(7);
    /** The default {@link #storeTimeout()}: 5 s. */
    public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofSeconds(5);
    /** The default {@link #redisPrefix()}: {@code zsync}. */
    public static final String DEFAULT_REDIS_PREFIX = "zsync";

    /** The default {@link #maxInboxMessages()}: 1000 messages per user. */
    public static final int DEFAULT_MAX_INBOX_MESSAGES = 1000;
    /** The default {@link #maxInboxBytes()}: 1 MiB per user. */
    public static final int DEFAULT_MAX_INBOX_BYTES = 1024 * 1024;
    /** The default {@link #inboxTtl()}: 7 days. */
    public static final Duration DEFAULT_INBOX_TTL = Duration.ofDays(7);

    /** The default {@link #maxIdempotencyKeys()}: 10 000 keys per node and namespace. */
    public static final int DEFAULT_MAX_IDEMPOTENCY_KEYS = 10_000;
    /** The default {@link #idempotencyPendingTimeout()}: 30 seconds. @since 0.3 */
    public static final Duration DEFAULT_IDEMPOTENCY_PENDING_TIMEOUT = Duration.ofSeconds(30);
    /** The default {@link #idempotencyWindow()}: 5 minutes. */
    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofMinutes(5);
    /** The longest idempotency key a client may send: 128 characters. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

    /** The default {@link #typingTimeout()}: 5 s. */
    public static final Duration DEFAULT_TYPING_TIMEOUT = Duration.ofSeconds(5);
    /** The default {@link #typingThrottle()}: 1 s. */
    public static final Duration DEFAULT_TYPING_THROTTLE = Duration.ofSeconds(1);

    /** The default {@link #maxMapKeys()}: 1000 keys (tombstones included) per map. */
    public static final int DEFAULT_MAX_MAP_KEYS = 1000;
    /** The default {@link #tombstoneTtl()}: 1 hour. */
    public static final Duration DEFAULT_TOMBSTONE_TTL = Duration.ofHours(1);

    private static final Function<ServerSocket, String> DEFAULT_INBOX_USER = socket -> {
        Object user = socket.data().get("userId");
        return user != null ? user.toString() : null;
    };

    private static final Function<ServerSocket, String> DEFAULT_PRESENCE_KEY = socket -> {
        Object user = socket.data().get("userId");
        return user != null ? user.toString() : socket.id();
    };

    private final Pattern streamRooms;
    private final int historySize;
    private final Duration historyTtl;
    private final Duration streamMetaTtl;
    private final int maxPageSize;
    private final int maxRoomNameLength;
    private final int maxDataBytes;
    private final int maxMetaBytes;
    private final Duration heartbeatInterval;
    private final Duration nodeTimeout;
    private final Duration storeTimeout;
    private final String redisPrefix;
    private final SyncAuthorizer authorizer;
    private final Function<ServerSocket, String> presenceKey;
    private final boolean inbox;
    private final Function<ServerSocket, String> inboxUser;
    private final int maxInboxMessages;
    private final int maxInboxBytes;
    private final Duration inboxTtl;
    private final InboxOverflow inboxOverflow;
    private final int maxIdempotencyKeys;
    private final Duration idempotencyWindow;
    private final Duration idempotencyPendingTimeout;
    private final Duration typingTimeout;
    private final Duration typingThrottle;
    private final Pattern lwwMaps;
    private final Pattern casMaps;
    private final int maxMapKeys;
    private final Duration tombstoneTtl;

    private SyncOptions(Builder b) {
        this.streamRooms = b.streamRooms;
        this.historySize = b.historySize;
        this.historyTtl = b.historyTtl;
        this.streamMetaTtl = b.streamMetaTtl;
        this.maxPageSize = b.maxPageSize;
        this.maxRoomNameLength = b.maxRoomNameLength;
        this.maxDataBytes = b.maxDataBytes;
        this.maxMetaBytes = b.maxMetaBytes;
        this.heartbeatInterval = b.heartbeatInterval;
        this.nodeTimeout = b.nodeTimeout;
        this.storeTimeout = b.storeTimeout;
        this.redisPrefix = b.redisPrefix;
        this.authorizer = b.authorizer;
        this.presenceKey = b.presenceKey;
        this.inbox = b.inbox;
        this.inboxUser = b.inboxUser;
        this.maxInboxMessages = b.maxInboxMessages;
        this.maxInboxBytes = b.maxInboxBytes;
        this.inboxTtl = b.inboxTtl;
        this.inboxOverflow = b.inboxOverflow;
        this.maxIdempotencyKeys = b.maxIdempotencyKeys;
        this.idempotencyWindow = b.idempotencyWindow;
        this.idempotencyPendingTimeout = b.idempotencyPendingTimeout;
        this.typingTimeout = b.typingTimeout;
        this.typingThrottle = b.typingThrottle;
        this.lwwMaps = b.lwwMaps;
        this.casMaps = b.casMaps;
        this.maxMapKeys = b.maxMapKeys;
        this.tombstoneTtl = b.tombstoneTtl;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static SyncOptions defaults() {
        return builder().build();
    }

    /** A builder seeded with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.streamRooms = streamRooms;
        b.historySize = historySize;
        b.historyTtl = historyTtl;
        b.streamMetaTtl = streamMetaTtl;
        b.maxPageSize = maxPageSize;
        b.maxRoomNameLength = maxRoomNameLength;
        b.maxDataBytes = maxDataBytes;
        b.maxMetaBytes = maxMetaBytes;
        b.heartbeatInterval = heartbeatInterval;
        b.nodeTimeout = nodeTimeout;
        b.storeTimeout = storeTimeout;
        b.redisPrefix = redisPrefix;
        b.authorizer = authorizer;
        b.presenceKey = presenceKey;
        b.inbox = inbox;
        b.inboxUser = inboxUser;
        b.maxInboxMessages = maxInboxMessages;
        b.maxInboxBytes = maxInboxBytes;
        b.inboxTtl = inboxTtl;
        b.inboxOverflow = inboxOverflow;
        b.maxIdempotencyKeys = maxIdempotencyKeys;
        b.idempotencyWindow = idempotencyWindow;
        b.idempotencyPendingTimeout = idempotencyPendingTimeout;
        b.typingTimeout = typingTimeout;
        b.typingThrottle = typingThrottle;
        b.lwwMaps = lwwMaps;
        b.casMaps = casMaps;
        b.maxMapKeys = maxMapKeys;
        b.tombstoneTtl = tombstoneTtl;
        return b;
    }

    /** Rooms whose whole name matches this pattern are stream rooms; {@code null} (default): only those enabled by API. */
    public Pattern streamRooms() {
        return streamRooms;
    }

    /** History bound in count: a stream keeps at most this many publications. */
    public int historySize() {
        return historySize;
    }

    /** History bound in age: publications older than this are dropped. */
    public Duration historyTtl() {
        return historyTtl;
    }

    /** Redis only: how long a stream's offset and epoch survive without publications (then the epoch changes). */
    public Duration streamMetaTtl() {
        return streamMetaTtl;
    }

    /** The largest history page a client may ask for ({@code limit} of {@code sync:history} and {@code rewind}). */
    public int maxPageSize() {
        return maxPageSize;
    }

    /** The longest stream or presence room name a client may use. */
    public int maxRoomNameLength() {
        return maxRoomNameLength;
    }

    /** The largest publication (its data as JSON, in UTF-8 bytes). */
    public int maxDataBytes() {
        return maxDataBytes;
    }

    /** The largest presence meta (as JSON, in UTF-8 bytes). */
    public int maxMetaBytes() {
        return maxMetaBytes;
    }

    /** Redis only: how often a node refreshes its heartbeat and looks for dead nodes. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** Redis only: a node whose heartbeat is older than this is dead; its presence members are removed everywhere. */
    public Duration nodeTimeout() {
        return nodeTimeout;
    }

    /** Redis only: the timeout of one store command. */
    public Duration storeTimeout() {
        return storeTimeout;
    }

    /** Redis only: the prefix of every key and channel the store uses. */
    public String redisPrefix() {
        return redisPrefix;
    }

    /** The authorization hook (default {@link SyncAuthorizer#READ_ONLY}). */
    public SyncAuthorizer authorizer() {
        return authorizer;
    }

    /**
     * The presence key of a socket tracking itself with {@code presence:track} (default: {@code data().get("userId")}
     * when set, else the socket id). Clients never choose their key: that would let them impersonate others.
     */
    public Function<ServerSocket, String> presenceKey() {
        return presenceKey;
    }

    /**
     * Whether per-user inboxes are delivered (default {@code false}): when on, every socket with an
     * {@link #inboxUser() inbox user} gets its user's stored messages ({@code inbox:msg}) when it connects, and the
     * live ones while connected.
     */
    public boolean inbox() {
        return inbox;
    }

    /**
     * The inbox user of a socket (default: {@code data().get("userId")}; {@code null}: the socket has no inbox).
     * Clients never name the inbox they read or acknowledge: that would let them read others'.
     */
    public Function<ServerSocket, String> inboxUser() {
        return inboxUser;
    }

    /** Inbox bound in count: messages kept per user until acknowledged. */
    public int maxInboxMessages() {
        return maxInboxMessages;
    }

    /** Inbox bound in size: the UTF-8 bytes of the JSON data of the messages kept per user. */
    public int maxInboxBytes() {
        return maxInboxBytes;
    }

    /** Inbox bound in age: an unacknowledged message older than this is dropped. */
    public Duration inboxTtl() {
        return inboxTtl;
    }

    /** What a send to a full inbox does (default {@link InboxOverflow#REJECT}). */
    public InboxOverflow inboxOverflow() {
        return inboxOverflow;
    }

    /** Idempotent emits: the most keys (with their first answers) a node keeps per namespace; the oldest go first. */
    public int maxIdempotencyKeys() {
        return maxIdempotencyKeys;
    }

    /** Idempotent emits: how long a key is remembered; a repeat after that runs the handler again. */
    public Duration idempotencyWindow() {
        return idempotencyWindow;
    }

    /**
     * Idempotent emits on a shared store (Redis): how long a key claimed by a node whose handler has not answered yet
     * holds; a repeat on another node waits for the answer meanwhile, and after it (the node died, or its handler
     * takes longer) claims the key and runs the handler itself.
     *
     * @since 0.3
     */
    public Duration idempotencyPendingTimeout() {
        return idempotencyPendingTimeout;
    }

    /** Typing: how long a socket counts as typing after its last {@code typing:start}. */
    public Duration typingTimeout() {
        return typingTimeout;
    }

    /** Typing: at most one {@code typing} event per socket and room per this period (repeats only extend it). */
    public Duration typingThrottle() {
        return typingThrottle;
    }

    /** Replicated maps whose whole name matches are last-writer-wins maps (HLC + node id); {@code null}: none. */
    public Pattern lwwMaps() {
        return lwwMaps;
    }

    /** Replicated maps whose whole name matches are compare-and-set maps (a version per entry); {@code null}: none. */
    public Pattern casMaps() {
        return casMaps;
    }

    /** The most keys a replicated map holds, tombstones of deleted keys included. */
    public int maxMapKeys() {
        return maxMapKeys;
    }

    /** How long the tombstone of a deleted map key is kept (so that an older concurrent write cannot revive it). */
    public Duration tombstoneTtl() {
        return tombstoneTtl;
    }

    @Override
    public String toString() {
        return "SyncOptions{streamRooms=" + streamRooms + ", historySize=" + historySize + ", historyTtl=" + historyTtl
                + ", streamMetaTtl=" + streamMetaTtl + ", maxPageSize=" + maxPageSize + ", maxRoomNameLength="
                + maxRoomNameLength + ", maxDataBytes=" + maxDataBytes + ", maxMetaBytes=" + maxMetaBytes
                + ", heartbeatInterval=" + heartbeatInterval + ", nodeTimeout=" + nodeTimeout + ", storeTimeout="
                + storeTimeout + ", redisPrefix=" + redisPrefix + ", inbox=" + inbox + ", maxInboxMessages="
                + maxInboxMessages + ", maxInboxBytes=" + maxInboxBytes + ", inboxTtl=" + inboxTtl
                + ", inboxOverflow=" + inboxOverflow + ", maxIdempotencyKeys=" + maxIdempotencyKeys
                + ", idempotencyWindow=" + idempotencyWindow
                + ", idempotencyPendingTimeout=" + idempotencyPendingTimeout + ", typingTimeout=" + typingTimeout
                + ", typingThrottle=" + typingThrottle + ", lwwMaps=" + lwwMaps + ", casMaps=" + casMaps
                + ", maxMapKeys=" + maxMapKeys + ", tombstoneTtl=" + tombstoneTtl + "}";
    }

    /**
     * Builds {@link SyncOptions}.
     *
     * @since 0.2
     */
    public static final class Builder {
        private Pattern streamRooms;
        private int historySize = DEFAULT_HISTORY_SIZE;
        private Duration historyTtl = DEFAULT_HISTORY_TTL;
        private Duration streamMetaTtl = DEFAULT_STREAM_META_TTL;
        private int maxPageSize = DEFAULT_MAX_PAGE_SIZE;
        private int maxRoomNameLength = DEFAULT_MAX_ROOM_NAME_LENGTH;
        private int maxDataBytes = DEFAULT_MAX_DATA_BYTES;
        private int maxMetaBytes = DEFAULT_MAX_META_BYTES;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration nodeTimeout = DEFAULT_NODE_TIMEOUT;
        private Duration storeTimeout = DEFAULT_STORE_TIMEOUT;
        private String redisPrefix = DEFAULT_REDIS_PREFIX;
        private SyncAuthorizer authorizer = SyncAuthorizer.READ_ONLY;
        private Function<ServerSocket, String> presenceKey = DEFAULT_PRESENCE_KEY;
        private boolean inbox;
        private Function<ServerSocket, String> inboxUser = DEFAULT_INBOX_USER;
        private int maxInboxMessages = DEFAULT_MAX_INBOX_MESSAGES;
        private int maxInboxBytes = DEFAULT_MAX_INBOX_BYTES;
        private Duration inboxTtl = DEFAULT_INBOX_TTL;
        private InboxOverflow inboxOverflow = InboxOverflow.REJECT;
        private int maxIdempotencyKeys = DEFAULT_MAX_IDEMPOTENCY_KEYS;
        private Duration idempotencyWindow = DEFAULT_IDEMPOTENCY_WINDOW;
        private Duration idempotencyPendingTimeout = DEFAULT_IDEMPOTENCY_PENDING_TIMEOUT;
        private Duration typingTimeout = DEFAULT_TYPING_TIMEOUT;
        private Duration typingThrottle = DEFAULT_TYPING_THROTTLE;
        private Pattern lwwMaps;
        private Pattern casMaps;
        private int maxMapKeys = DEFAULT_MAX_MAP_KEYS;
        private Duration tombstoneTtl = DEFAULT_TOMBSTONE_TTL;

        private Builder() {
        }

        public Builder lwwMaps(Pattern pattern) {
            this.lwwMaps = pattern;
            return this;
        }

        public Builder casMaps(Pattern pattern) {
            this.casMaps = pattern;
            return this;
        }

        public Builder maxMapKeys(int count) {
            if (count < 1 || count > 1_000_000) {
                throw new IllegalArgumentException("maxMapKeys must be in [1, 1000000]: " + count);
            }
            this.maxMapKeys = count;
            return this;
        }

        public Builder tombstoneTtl(Duration ttl) {
            this.tombstoneTtl = positive(ttl, "tombstoneTtl");
            return this;
        }

        public Builder typingTimeout(Duration timeout) {
            this.typingTimeout = positive(timeout, "typingTimeout");
            return this;
        }

        public Builder typingThrottle(Duration throttle) {
            this.typingThrottle = positive(throttle, "typingThrottle");
            return this;
        }

        public Builder maxIdempotencyKeys(int count) {
            if (count < 1 || count > 10_000_000) {
                throw new IllegalArgumentException("maxIdempotencyKeys must be in [1, 10000000]: " + count);
            }
            this.maxIdempotencyKeys = count;
            return this;
        }

        public Builder idempotencyWindow(Duration window) {
            this.idempotencyWindow = positive(window, "idempotencyWindow");
            return this;
        }

        /** @since 0.3 */
        public Builder idempotencyPendingTimeout(Duration timeout) {
            this.idempotencyPendingTimeout = positive(timeout, "idempotencyPendingTimeout");
            return this;
        }

        public Builder inbox(boolean inbox) {
            this.inbox = inbox;
            return this;
        }

        public Builder inboxUser(Function<ServerSocket, String> inboxUser) {
            this.inboxUser = Objects.requireNonNull(inboxUser, "inboxUser");
            return this;
        }

        public Builder maxInboxMessages(int count) {
            if (count < 1 || count > 1_000_000) {
                throw new IllegalArgumentException("maxInboxMessages must be in [1, 1000000]: " + count);
            }
            this.maxInboxMessages = count;
            return this;
        }

        public Builder maxInboxBytes(int bytes) {
            this.maxInboxBytes = atLeastOne(bytes, "maxInboxBytes");
            return this;
        }

        public Builder inboxTtl(Duration ttl) {
            this.inboxTtl = positive(ttl, "inboxTtl");
            return this;
        }

        public Builder inboxOverflow(InboxOverflow overflow) {
            this.inboxOverflow = Objects.requireNonNull(overflow, "inboxOverflow");
            return this;
        }

        public Builder streamRooms(Pattern pattern) {
            this.streamRooms = pattern;
            return this;
        }

        public Builder historySize(int size) {
            if (size < 1 || size > 1_000_000) {
                throw new IllegalArgumentException("historySize must be in [1, 1000000]: " + size);
            }
            this.historySize = size;
            return this;
        }

        public Builder historyTtl(Duration ttl) {
            this.historyTtl = positive(ttl, "historyTtl");
            return this;
        }

        public Builder streamMetaTtl(Duration ttl) {
            this.streamMetaTtl = positive(ttl, "streamMetaTtl");
            return this;
        }

        public Builder maxPageSize(int size) {
            this.maxPageSize = atLeastOne(size, "maxPageSize");
            return this;
        }

        public Builder maxRoomNameLength(int length) {
            this.maxRoomNameLength = atLeastOne(length, "maxRoomNameLength");
            return this;
        }

        public Builder maxDataBytes(int bytes) {
            this.maxDataBytes = atLeastOne(bytes, "maxDataBytes");
            return this;
        }

        public Builder maxMetaBytes(int bytes) {
            this.maxMetaBytes = atLeastOne(bytes, "maxMetaBytes");
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = positive(interval, "heartbeatInterval");
            return this;
        }

        public Builder nodeTimeout(Duration timeout) {
            this.nodeTimeout = positive(timeout, "nodeTimeout");
            return this;
        }

        public Builder storeTimeout(Duration timeout) {
            this.storeTimeout = positive(timeout, "storeTimeout");
            return this;
        }

        public Builder redisPrefix(String prefix) {
            if (prefix == null || prefix.isEmpty()) {
                throw new IllegalArgumentException("redisPrefix must not be empty");
            }
            this.redisPrefix = prefix;
            return this;
        }

        public Builder authorizer(SyncAuthorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            return this;
        }

        public Builder presenceKey(Function<ServerSocket, String> presenceKey) {
            this.presenceKey = Objects.requireNonNull(presenceKey, "presenceKey");
            return this;
        }

        /** @throws IllegalArgumentException if {@code heartbeatInterval >= nodeTimeout} */
        public SyncOptions build() {
            if (heartbeatInterval.compareTo(nodeTimeout) >= 0) {
                throw new IllegalArgumentException("heartbeatInterval (" + heartbeatInterval
                        + ") must be shorter than nodeTimeout (" + nodeTimeout + ")");
            }
            return new SyncOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
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
