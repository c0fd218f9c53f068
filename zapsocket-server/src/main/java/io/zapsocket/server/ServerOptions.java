package io.zapsocket.server;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import io.zapsocket.server.adapter.AdapterFactory;
import io.zapsocket.server.adapter.InMemoryAdapter;

/**
 * Server options. Names and defaults follow Socket.IO 4.8 so that documentation written for Node applies.
 *
 * <p>Immutable; build with {@link #builder()}, derive with {@link #toBuilder()}. {@link #DEFAULT} holds the
 * defaults. Every bound is validated in {@link Builder#build()}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>path</td><td>{@code /socket.io/}</td><td>request path prefix of the endpoint</td></tr>
 *   <tr><td>pingInterval</td><td>25 s</td><td>server ping period</td></tr>
 *   <tr><td>pingTimeout</td><td>20 s</td><td>how long to wait for the pong before closing ({@code ping timeout})</td></tr>
 *   <tr><td>upgradeTimeout</td><td>10 s</td><td>max duration of a polling→WebSocket upgrade</td></tr>
 *   <tr><td>maxHttpBufferSize</td><td>1 000 000 bytes</td><td>max POST body / WebSocket message (413 / close 1009)</td></tr>
 *   <tr><td>transports</td><td>polling, websocket</td><td>allowed transports</td></tr>
 *   <tr><td>allowUpgrades</td><td>true</td><td>advertise and accept upgrades</td></tr>
 *   <tr><td>cookie</td><td>none</td><td>sticky-session cookie on the handshake</td></tr>
 *   <tr><td>cors</td><td>none</td><td>CORS headers for polling requests</td></tr>
 *   <tr><td>allowRequest</td><td>none</td><td>gate for handshakes/upgrades (403)</td></tr>
 *   <tr><td>initialPacket</td><td>none</td><td>a message sent right after the open packet</td></tr>
 *   <tr><td>connectTimeout</td><td>45 s</td><td>close a connection that joins no namespace in time</td></tr>
 *   <tr><td>maxAttachments</td><td>10</td><td>max binary attachments per Socket.IO packet</td></tr>
 *   <tr><td>ackTimeout</td><td>none</td><td>default timeout of {@code emitWithAck} when none is given</td></tr>
 *   <tr><td>handlerExecutor</td><td>the socket's event loop</td><td>where user handlers run (order per socket kept)</td></tr>
 *   <tr><td>cleanupEmptyChildNamespaces</td><td>false</td><td>remove a dynamic child namespace when its last socket leaves</td></tr>
 *   <tr><td>connectionStateRecovery</td><td>off</td><td>recover id, rooms, data and missed packets after a short disconnection</td></tr>
 *   <tr><td>rateLimits</td><td>none</td><td>token buckets on incoming events, per socket and per event name</td></tr>
 *   <tr><td>maxNamespacesPerConnection</td><td>100</td><td>namespaces one connection may join (more: CONNECT_ERROR)</td></tr>
 *   <tr><td>serveClient</td><td>true</td><td>serve the official browser client at {@code {path}socket.io.min.js} etc.</td></tr>
 *   <tr><td>staticContent</td><td>none</td><td>static files for the application ({@link StaticContent})</td></tr>
 *   <tr><td>adapter</td><td>in-memory</td><td>room registry / broadcast backend per namespace (cluster adapters)</td></tr>
 *   <tr><td>ioThreads</td><td>0 (= 2 × cores)</td><td>Netty event-loop threads</td></tr>
 *   <tr><td>nativeTransport</td><td>true</td><td>use epoll when available</td></tr>
 * </table>
 *
 * @since 0.1
 */
public final class ServerOptions {
    /** The defaults, as in Socket.IO 4.8. */
    public static final ServerOptions DEFAULT = builder().build();

    private final String path;
    private final Duration pingInterval;
    private final Duration pingTimeout;
    private final Duration upgradeTimeout;
    private final int maxHttpBufferSize;
    private final Set<Transport> transports;
    private final boolean allowUpgrades;
    private final CookieOptions cookie;
    private final CorsOptions cors;
    private final AllowRequest allowRequest;
    private final String initialPacket;
    private final Duration connectTimeout;
    private final int maxAttachments;
    private final Duration ackTimeout;
    private final Executor handlerExecutor;
    private final boolean cleanupEmptyChildNamespaces;
    private final AdapterFactory adapter;
    private final RecoveryOptions connectionStateRecovery;
    private final RateLimitOptions rateLimits;
    private final int maxNamespacesPerConnection;
    private final boolean serveClient;
    private final List<StaticContent> staticContent;
    private final int ioThreads;
    private final boolean nativeTransport;

    private ServerOptions(Builder b) {
        this.path = b.path;
        this.pingInterval = b.pingInterval;
        this.pingTimeout = b.pingTimeout;
        this.upgradeTimeout = b.upgradeTimeout;
        this.maxHttpBufferSize = b.maxHttpBufferSize;
        this.transports = Collections.unmodifiableSet(EnumSet.copyOf(b.transports));
        this.allowUpgrades = b.allowUpgrades;
        this.cookie = b.cookie;
        this.cors = b.cors;
        this.allowRequest = b.allowRequest;
        this.initialPacket = b.initialPacket;
        this.connectTimeout = b.connectTimeout;
        this.maxAttachments = b.maxAttachments;
        this.ackTimeout = b.ackTimeout;
        this.handlerExecutor = b.handlerExecutor;
        this.cleanupEmptyChildNamespaces = b.cleanupEmptyChildNamespaces;
        this.adapter = b.adapter;
        this.connectionStateRecovery = b.connectionStateRecovery;
        this.rateLimits = b.rateLimits;
        this.maxNamespacesPerConnection = b.maxNamespacesPerConnection;
        this.serveClient = b.serveClient;
        this.staticContent = List.copyOf(b.staticContent);
        this.ioThreads = b.ioThreads;
        this.nativeTransport = b.nativeTransport;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The endpoint path, normalised to start and end with {@code /} (e.g. {@code /socket.io/}). */
    public String path() {
        return path;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    public Duration pingTimeout() {
        return pingTimeout;
    }

    public Duration upgradeTimeout() {
        return upgradeTimeout;
    }

    /** Max bytes of one POST body or one WebSocket message; advertised as {@code maxPayload}. */
    public int maxHttpBufferSize() {
        return maxHttpBufferSize;
    }

    public Set<Transport> transports() {
        return transports;
    }

    public boolean allowUpgrades() {
        return allowUpgrades;
    }

    /** {@code null} when no cookie is set. */
    public CookieOptions cookie() {
        return cookie;
    }

    /** {@code null} when CORS is off. */
    public CorsOptions cors() {
        return cors;
    }

    /** {@code null} when every request is allowed. */
    public AllowRequest allowRequest() {
        return allowRequest;
    }

    /** Raw Engine.IO message text sent right after the open packet, or {@code null}. */
    public String initialPacket() {
        return initialPacket;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public int maxAttachments() {
        return maxAttachments;
    }

    /** {@code null}: {@code emitWithAck} without an explicit timeout waits until the socket disconnects. */
    public Duration ackTimeout() {
        return ackTimeout;
    }

    /** {@code null}: handlers run on the socket's event loop. */
    public Executor handlerExecutor() {
        return handlerExecutor;
    }

    public boolean cleanupEmptyChildNamespaces() {
        return cleanupEmptyChildNamespaces;
    }

    /**
     * Creates each namespace's adapter (default {@link InMemoryAdapter#FACTORY}; with connection state recovery
     * and no explicit adapter, {@link io.zapsocket.server.adapter.SessionAwareAdapter}).
     */
    public AdapterFactory adapter() {
        if (adapter == InMemoryAdapter.FACTORY && connectionStateRecovery != null) {
            return io.zapsocket.server.adapter.SessionAwareAdapter.factory(connectionStateRecovery);
        }
        return adapter;
    }

    /** {@code null} when incoming events are not rate limited (default). */
    public RateLimitOptions rateLimits() {
        return rateLimits;
    }

    /** How many namespaces one connection may join at once (default 100). */
    public int maxNamespacesPerConnection() {
        return maxNamespacesPerConnection;
    }

    /** {@code null} when connection state recovery is off (default). */
    public RecoveryOptions connectionStateRecovery() {
        return connectionStateRecovery;
    }

    /**
     * Whether the server answers {@code GET {path}socket.io.js}, {@code socket.io.min.js},
     * {@code socket.io.esm.min.js}, {@code socket.io.msgpack.min.js} (and their {@code .map} files) with the
     * official {@code socket.io-client} browser bundle it ships, like Node's {@code serveClient} (default
     * {@code true}). Answers carry {@code ETag: "<client version>"} and honour {@code If-None-Match} (304).
     */
    public boolean serveClient() {
        return serveClient;
    }

    /** The static-content mounts, in the order given (default none); unmodifiable. */
    public List<StaticContent> staticContent() {
        return staticContent;
    }

    /** 0 means Netty's default (2 × available processors). */
    public int ioThreads() {
        return ioThreads;
    }

    public boolean nativeTransport() {
        return nativeTransport;
    }

    @Override
    public String toString() {
        return "ServerOptions{path=" + path + ", pingInterval=" + pingInterval + ", pingTimeout=" + pingTimeout
                + ", upgradeTimeout=" + upgradeTimeout + ", maxHttpBufferSize=" + maxHttpBufferSize
                + ", transports=" + transports + ", allowUpgrades=" + allowUpgrades + ", cookie=" + cookie
                + ", cors=" + cors + ", connectTimeout=" + connectTimeout + ", maxAttachments=" + maxAttachments
                + ", ackTimeout=" + ackTimeout + ", serveClient=" + serveClient + ", staticContent=" + staticContent
                + ", ioThreads=" + ioThreads + '}';
    }

    /** Builder for {@link ServerOptions}; not thread-safe. */
    public static final class Builder {
        private String path = "/socket.io/";
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration pingTimeout = Duration.ofSeconds(20);
        private Duration upgradeTimeout = Duration.ofSeconds(10);
        private int maxHttpBufferSize = 1_000_000;
        private Set<Transport> transports = EnumSet.allOf(Transport.class);
        private boolean allowUpgrades = true;
        private CookieOptions cookie;
        private CorsOptions cors;
        private AllowRequest allowRequest;
        private String initialPacket;
        private Duration connectTimeout = Duration.ofSeconds(45);
        private int maxAttachments = 10;
        private Duration ackTimeout;
        private Executor handlerExecutor;
        private boolean cleanupEmptyChildNamespaces;
        private AdapterFactory adapter = InMemoryAdapter.FACTORY;
        private RecoveryOptions connectionStateRecovery;
        private RateLimitOptions rateLimits;
        private int maxNamespacesPerConnection = 100;
        private boolean serveClient = true;
        private List<StaticContent> staticContent = List.of();
        private int ioThreads;
        private boolean nativeTransport = true;

        private Builder() {
        }

        private Builder(ServerOptions o) {
            this.path = o.path;
            this.pingInterval = o.pingInterval;
            this.pingTimeout = o.pingTimeout;
            this.upgradeTimeout = o.upgradeTimeout;
            this.maxHttpBufferSize = o.maxHttpBufferSize;
            this.transports = EnumSet.copyOf(o.transports);
            this.allowUpgrades = o.allowUpgrades;
            this.cookie = o.cookie;
            this.cors = o.cors;
            this.allowRequest = o.allowRequest;
            this.initialPacket = o.initialPacket;
            this.connectTimeout = o.connectTimeout;
            this.maxAttachments = o.maxAttachments;
            this.ackTimeout = o.ackTimeout;
            this.handlerExecutor = o.handlerExecutor;
            this.cleanupEmptyChildNamespaces = o.cleanupEmptyChildNamespaces;
            this.adapter = o.adapter;
            this.connectionStateRecovery = o.connectionStateRecovery;
            this.rateLimits = o.rateLimits;
            this.maxNamespacesPerConnection = o.maxNamespacesPerConnection;
            this.serveClient = o.serveClient;
            this.staticContent = o.staticContent;
            this.ioThreads = o.ioThreads;
            this.nativeTransport = o.nativeTransport;
        }

        /** The endpoint path; a leading and a trailing {@code /} are added if missing. */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            String p = path.startsWith("/") ? path : "/" + path;
            this.path = p.endsWith("/") ? p : p + "/";
            return this;
        }

        public Builder pingInterval(Duration d) {
            this.pingInterval = positive(d, "pingInterval");
            return this;
        }

        public Builder pingTimeout(Duration d) {
            this.pingTimeout = positive(d, "pingTimeout");
            return this;
        }

        public Builder upgradeTimeout(Duration d) {
            this.upgradeTimeout = positive(d, "upgradeTimeout");
            return this;
        }

        public Builder maxHttpBufferSize(int bytes) {
            if (bytes < 16) {
                throw new IllegalArgumentException("maxHttpBufferSize must be >= 16: " + bytes);
            }
            this.maxHttpBufferSize = bytes;
            return this;
        }

        public Builder transports(Transport... transports) {
            if (transports.length == 0) {
                throw new IllegalArgumentException("at least one transport is required");
            }
            this.transports = EnumSet.of(transports[0], transports);
            return this;
        }

        public Builder allowUpgrades(boolean allow) {
            this.allowUpgrades = allow;
            return this;
        }

        public Builder cookie(CookieOptions cookie) {
            this.cookie = cookie;
            return this;
        }

        public Builder cors(CorsOptions cors) {
            this.cors = cors;
            return this;
        }

        public Builder allowRequest(AllowRequest allowRequest) {
            this.allowRequest = allowRequest;
            return this;
        }

        public Builder initialPacket(String initialPacket) {
            this.initialPacket = initialPacket;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        public Builder maxAttachments(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxAttachments must be >= 0: " + max);
            }
            this.maxAttachments = max;
            return this;
        }

        public Builder ackTimeout(Duration d) {
            this.ackTimeout = d == null ? null : positive(d, "ackTimeout");
            return this;
        }

        public Builder handlerExecutor(Executor executor) {
            this.handlerExecutor = executor;
            return this;
        }

        public Builder cleanupEmptyChildNamespaces(boolean cleanup) {
            this.cleanupEmptyChildNamespaces = cleanup;
            return this;
        }

        public Builder adapter(AdapterFactory adapter) {
            this.adapter = Objects.requireNonNull(adapter, "adapter");
            return this;
        }

        /** Enables connection state recovery ({@code null} disables it). */
        public Builder connectionStateRecovery(RecoveryOptions recovery) {
            this.connectionStateRecovery = recovery;
            return this;
        }

        /** Rate limits on incoming events ({@code null}: none). */
        public Builder rateLimits(RateLimitOptions rateLimits) {
            this.rateLimits = rateLimits;
            return this;
        }

        public Builder maxNamespacesPerConnection(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxNamespacesPerConnection must be >= 1: " + max);
            }
            this.maxNamespacesPerConnection = max;
            return this;
        }

        /** Serve the official browser client under the endpoint path (default {@code true}, as in Node). */
        public Builder serveClient(boolean serveClient) {
            this.serveClient = serveClient;
            return this;
        }

        /**
         * Serves static files next to the endpoint, e.g. the application's web page; replaces earlier mounts.
         * Requests under the endpoint {@link #path(String) path} always go to Socket.IO, so no mount may lie
         * inside it; two mounts may not share a URL prefix (both checked in {@link #build()}).
         */
        public Builder staticContent(StaticContent... mounts) {
            this.staticContent = List.of(mounts);
            return this;
        }

        public Builder ioThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("ioThreads must be >= 0: " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        public Builder nativeTransport(boolean nativeTransport) {
            this.nativeTransport = nativeTransport;
            return this;
        }

        public ServerOptions build() {
            Set<String> prefixes = new HashSet<>();
            for (StaticContent mount : staticContent) {
                if (mount.urlPrefix().startsWith(path)) {
                    throw new IllegalArgumentException("static content " + mount.urlPrefix()
                            + " lies inside the Socket.IO path " + path);
                }
                if (!prefixes.add(mount.urlPrefix())) {
                    throw new IllegalArgumentException("two static content mounts at " + mount.urlPrefix());
                }
            }
            return new ServerOptions(this);
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
