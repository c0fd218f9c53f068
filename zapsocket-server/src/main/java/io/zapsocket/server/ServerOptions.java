package io.zapsocket.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.server.adapter.AdapterFactory;
import io.zapsocket.server.adapter.InMemoryAdapter;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

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
 *   <tr><td>parser</td><td>{@link Parser#DEFAULT}</td><td>Socket.IO packet format: {@code socket.io-parser} or
 *       {@code socket.io-msgpack-parser} ({@link Parser#MSGPACK}); clients must use the same</td></tr>
 *   <tr><td>ackTimeout</td><td>30 s</td><td>default timeout of {@code emitWithAck} when none is given
 *       ({@code null}: none)</td></tr>
 *   <tr><td>maxPendingAcks</td><td>1 000</td><td>unanswered server→client {@code emitWithAck} per socket; one more
 *       fails at once with {@link TooManyPendingAcksException}</td></tr>
 *   <tr><td>handlerExecutor</td><td>the socket's event loop</td><td>where user handlers run (order per socket kept)</td></tr>
 *   <tr><td>objectMapper</td><td>{@link Json#mapper()}</td><td>binds the payload of typed handlers
 *       ({@code on(event, Type.class, handler)}) to the application's types</td></tr>
 *   <tr><td>validatePayloads</td><td>true</td><td>validate typed payloads with Jakarta Bean Validation when a provider
 *       is on the class path; an invalid payload never reaches the handler (see {@link #INVALID_PAYLOAD_EVENT})</td></tr>
 *   <tr><td>cleanupEmptyChildNamespaces</td><td>true</td><td>remove a dynamic child namespace when its last socket leaves</td></tr>
 *   <tr><td>maxDynamicNamespaces</td><td>1 000</td><td>child namespaces dynamic matchers may create (created only once
 *       the parent's middlewares accept the connection); more: CONNECT_ERROR {@code Too many namespaces}</td></tr>
 *   <tr><td>maxRoomsPerSocket</td><td>1 000</td><td>rooms one socket may be in; {@code join} beyond it throws
 *       {@link IllegalStateException}</td></tr>
 *   <tr><td>attachmentTimeout</td><td>20 s</td><td>a binary packet whose attachments have not all arrived this long
 *       after its header closes the connection (reason {@code parse error})</td></tr>
 *   <tr><td>connectionStateRecovery</td><td>off</td><td>recover id, rooms, data and missed packets after a short disconnection</td></tr>
 *   <tr><td>rateLimits</td><td>{@link RateLimitOptions#DEFAULT}: 500 events/s per socket, burst 1 000</td><td>token
 *       buckets on incoming events, per socket and per event name ({@code null}: off)</td></tr>
 *   <tr><td>maxNamespacesPerConnection</td><td>100</td><td>namespaces one connection may join (more: CONNECT_ERROR)</td></tr>
 *   <tr><td>logContext</td><td>true</td><td>put the socket's id, namespace, transport, client address and user id in
 *   the SLF4J MDC while its handlers run ({@link LogContext})</td></tr>
 *   <tr><td>serveClient</td><td>true</td><td>serve the official browser client at {@code {path}socket.io.min.js} etc.</td></tr>
 *   <tr><td>staticContent</td><td>none</td><td>static files for the application ({@link StaticContent})</td></tr>
 *   <tr><td>sse</td><td>off</td><td>Server-Sent Events subscriptions to rooms with {@code Last-Event-ID} resume
 *       ({@link SseOptions})</td></tr>
 *   <tr><td>publishApi</td><td>off</td><td>HTTP {@code POST} endpoints that emit to rooms with an API key
 *       ({@link PublishApiOptions})</td></tr>
 *   <tr><td>adapter</td><td>in-memory</td><td>room registry / broadcast backend per namespace (cluster adapters)</td></tr>
 *   <tr><td>ioThreads</td><td>0 (= 2 × cores)</td><td>Netty event-loop threads</td></tr>
 *   <tr><td>nativeTransport</td><td>true</td><td>use a native transport ({@link #ioTransport()}) when available;
 *       {@code false}: NIO</td></tr>
 *   <tr><td>ioTransport</td><td>{@link IoTransport#AUTO}</td><td>io_uring when available (cheapest fan-out),
 *       else epoll, else NIO; {@code IO_URING}, {@code EPOLL} or {@code NIO} to ask for one</td></tr>
 *   <tr><td>blockedLoopThreshold</td><td>2 s</td><td>log a warning with the stack of an event loop that has not run
 *       a task for this long (user code blocking an I/O thread); {@code Duration.ZERO} turns the check off</td></tr>
 *   <tr><th colspan="3">flow control (Zap-Socket)</th></tr>
 *   <tr><td>maxBufferedBytes</td><td>1 MiB</td><td>hard outbound budget per connection: bytes queued in the session
 *       plus bytes written to the socket but not yet sent; past it the connection is closed with reason
 *       {@code slow client}. A single message on an otherwise empty connection is always accepted.</td></tr>
 *   <tr><td>maxBufferedPackets</td><td>10 000</td><td>hard budget of Engine.IO packets queued in the session (not yet
 *       handed to the socket); past it: {@code slow client}</td></tr>
 *   <tr><td>lowPriorityBufferedBytes</td><td>256 KiB</td><td>soft limit: above it the oldest queued {@code LOW}
 *       priority packets are dropped</td></tr>
 *   <tr><td>writeBufferHighWaterMark</td><td>64 KiB</td><td>a connection is "writable" (volatile packets are sent, the
 *       queue drains into the socket) below it; the low water mark is half of it</td></tr>
 *   <tr><th colspan="3">compression</th></tr>
 *   <tr><td>perMessageDeflate</td><td>off</td><td>WebSocket permessage-deflate when the client offers it
 *       ({@link CompressionOptions#DEFAULT}: threshold 1024 bytes, level 6, {@code server_no_context_takeover}
 *       requested so that a broadcast is compressed once, see
 *       {@link CompressionOptions#serverNoContextTakeover()})</td></tr>
 *   <tr><td>httpCompression</td><td>on, threshold 1024, level 6</td><td>gzip / deflate / brotli (when its native
 *       library loads) of polling responses, negotiated from {@code Accept-Encoding}</td></tr>
 *   <tr><th colspan="3">limits</th></tr>
 *   <tr><td>maxConnections</td><td>0 (unlimited)</td><td>open Engine.IO connections; further handshakes get HTTP 503
 *       {@code {"code":6,"message":"Too many connections"}} (WebSocket: a raw 503)</td></tr>
 *   <tr><td>handshakeRateLimit</td><td>20/s per IP, burst 100</td><td>per-IP token bucket for new connections (429);
 *       {@code null}: off</td></tr>
 *   <tr><td>rateLimitLoopback</td><td>false</td><td>whether loopback clients count against
 *       {@code handshakeRateLimit}</td></tr>
 *   <tr><td>requestTimeout</td><td>20 s</td><td>an HTTP request's body must be complete this long after its headers,
 *       else 408 (or, once answered, the connection is closed)</td></tr>
 *   <tr><td>trustedProxies</td><td>none</td><td>reverse proxies (IPs or CIDR ranges) whose {@code X-Forwarded-For} names
 *       the client: its address is then the handshake's {@code address} and what {@code handshakeRateLimit}
 *       counts</td></tr>
 *   <tr><td>allowedOrigins</td><td>same origin</td><td>when set, a request with an {@code Origin} header not in the
 *       list gets 403 (WebSocket upgrades and polling); requests without {@code Origin} (non-browser clients) pass.
 *       When neither this nor {@code cors} is set, only same-origin browser requests ({@code Origin} naming the
 *       request's {@code Host}) pass, unless {@code allowCrossOrigin}</td></tr>
 *   <tr><td>allowCrossOrigin</td><td>false</td><td>with neither {@code allowedOrigins} nor {@code cors}, accept
 *       requests from any origin (Socket.IO's permissive behaviour; open to cross-site WebSocket hijacking)</td></tr>
 *   <tr><td>httpKeepAliveTimeout</td><td>5 s</td><td>an HTTP connection with no request in progress is closed after
 *       this idle time (as Node's {@code keepAliveTimeout})</td></tr>
 *   <tr><td>tls</td><td>none</td><td>https/wss ({@link TlsOptions})</td></tr>
 * </table>
 *
 * @since 0.1
 */
public final class ServerOptions {
    /** The default {@link #handshakeRateLimit()}: 20 new connections per second per client IP, bursts of 100. */
    public static final RateLimit DEFAULT_HANDSHAKE_RATE_LIMIT = RateLimit.of(20, Duration.ofSeconds(1)).withBurst(100);

    /** The defaults, as in Socket.IO 4.8, with Zap-Socket's bounds. */
    public static final ServerOptions DEFAULT = builder().build();

    /**
     * The event sent to a client whose typed payload did not bind or did not validate, when the client asked for no
     * acknowledgement (an acknowledgement is answered with the same object):
     * {@code {"error":"invalid payload","event":<name>,"message":<summary>,"fields":[{"path":<property path>,
     * "message":<message>,"constraint":<annotation simple name or null>}]}}. {@code fields} is empty when the
     * payload could not be located more precisely.
     */
    public static final String INVALID_PAYLOAD_EVENT = "invalid_payload";

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
    private final Parser parser;
    private final Duration ackTimeout;
    private final int maxPendingAcks;
    private final int maxDynamicNamespaces;
    private final int maxRoomsPerSocket;
    private final Duration attachmentTimeout;
    private final Duration requestTimeout;
    private final boolean rateLimitLoopback;
    private final Executor handlerExecutor;
    private final ObjectMapper objectMapper;
    private final boolean validatePayloads;
    private final boolean cleanupEmptyChildNamespaces;
    private final AdapterFactory adapter;
    private final RecoveryOptions connectionStateRecovery;
    private final RateLimitOptions rateLimits;
    private final int maxNamespacesPerConnection;
    private final boolean serveClient;
    private final boolean logContext;
    private final List<StaticContent> staticContent;
    private final PublishApiOptions publishApi;
    private final SseOptions sse;
    private final int ioThreads;
    private final boolean nativeTransport;
    private final IoTransport ioTransport;
    private final Duration blockedLoopThreshold;
    private final int maxBufferedBytes;
    private final int maxBufferedPackets;
    private final int lowPriorityBufferedBytes;
    private final int writeBufferHighWaterMark;
    private final CompressionOptions perMessageDeflate;
    private final CompressionOptions httpCompression;
    private final int maxConnections;
    private final RateLimit handshakeRateLimit;
    private final Set<String> allowedOrigins;
    private final boolean allowCrossOrigin;
    private final Set<String> trustedProxies;
    private final Duration httpKeepAliveTimeout;
    private final TlsOptions tls;

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
        this.parser = b.parser;
        this.ackTimeout = b.ackTimeout;
        this.maxPendingAcks = b.maxPendingAcks;
        this.maxDynamicNamespaces = b.maxDynamicNamespaces;
        this.maxRoomsPerSocket = b.maxRoomsPerSocket;
        this.attachmentTimeout = b.attachmentTimeout;
        this.requestTimeout = b.requestTimeout;
        this.rateLimitLoopback = b.rateLimitLoopback;
        this.handlerExecutor = b.handlerExecutor;
        this.objectMapper = b.objectMapper;
        this.validatePayloads = b.validatePayloads;
        this.cleanupEmptyChildNamespaces = b.cleanupEmptyChildNamespaces;
        this.adapter = b.adapter;
        this.connectionStateRecovery = b.connectionStateRecovery;
        this.rateLimits = b.rateLimits;
        this.maxNamespacesPerConnection = b.maxNamespacesPerConnection;
        this.serveClient = b.serveClient;
        this.logContext = b.logContext;
        this.staticContent = List.copyOf(b.staticContent);
        this.publishApi = b.publishApi;
        this.sse = b.sse;
        this.ioThreads = b.ioThreads;
        this.nativeTransport = b.nativeTransport;
        this.ioTransport = b.ioTransport;
        this.blockedLoopThreshold = b.blockedLoopThreshold;
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.maxBufferedPackets = b.maxBufferedPackets;
        this.lowPriorityBufferedBytes = b.lowPriorityBufferedBytes;
        this.writeBufferHighWaterMark = b.writeBufferHighWaterMark;
        this.perMessageDeflate = b.perMessageDeflate;
        this.httpCompression = b.httpCompression;
        this.maxConnections = b.maxConnections;
        this.handshakeRateLimit = b.handshakeRateLimit;
        this.allowedOrigins = Set.copyOf(b.allowedOrigins);
        this.allowCrossOrigin = b.allowCrossOrigin;
        this.trustedProxies = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(b.trustedProxies));
        this.httpKeepAliveTimeout = b.httpKeepAliveTimeout;
        this.tls = b.tls;
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

    /**
     * The Socket.IO packet format every connection of this server speaks.
     *
     * @since 0.1.0
     */
    public Parser parser() {
        return parser;
    }

    /**
     * The timeout of {@code emitWithAck} without an explicit one (default 30 s); {@code null}: such a call waits
     * until the socket disconnects.
     */
    public Duration ackTimeout() {
        return ackTimeout;
    }

    /**
     * Unanswered server→client {@code emitWithAck} calls one socket may have (default 1 000): one more fails at once
     * with {@link TooManyPendingAcksException}, nothing is sent. A client that never acknowledges cannot grow the
     * server's table of callbacks.
     *
     * @since 0.2
     */
    public int maxPendingAcks() {
        return maxPendingAcks;
    }

    /**
     * How many child namespaces the dynamic matchers ({@code io.of(NamespaceMatcher)}) may have created at once
     * (default 1 000). A child is created only after the parent's middlewares accept the connection; when the cap is
     * reached a CONNECT to a new name gets CONNECT_ERROR {@code {"message":"Too many namespaces"}}. Children removed
     * by {@link #cleanupEmptyChildNamespaces()} free their place.
     *
     * @since 0.2
     */
    public int maxDynamicNamespaces() {
        return maxDynamicNamespaces;
    }

    /**
     * Rooms one socket may be in, its own id room included (default 1 000): a {@code join} that would go beyond
     * throws {@link IllegalStateException} and joins nothing.
     *
     * @since 0.2
     */
    public int maxRoomsPerSocket() {
        return maxRoomsPerSocket;
    }

    /**
     * How long the binary attachments of a Socket.IO packet may take to arrive after its header (default 20 s). When
     * they have not all arrived, the connection is closed: its sockets see {@code parse error}
     * ({@link DisconnectReason#PARSE_ERROR}) with the description {@code attachment timeout}. Without it, a client
     * could park {@code maxAttachments} × {@code maxHttpBufferSize} bytes per connection forever.
     *
     * @since 0.2
     */
    public Duration attachmentTimeout() {
        return attachmentTimeout;
    }

    /**
     * How long an HTTP request's body may take after its headers (default 20 s, as Node's {@code requestTimeout} but
     * shorter). When it is not complete in time, an unanswered request gets {@code 408 Request Timeout}, and the
     * connection is closed in every case (a 404 whose body never ends included). Headers themselves must arrive
     * within {@link #httpKeepAliveTimeout()} of the connection or of the previous response. A long-polling GET is
     * complete once its headers are in: it may be held open for {@code pingInterval}.
     *
     * @since 0.2
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Whether loopback clients ({@code 127.0.0.0/8}, {@code ::1}) count against {@link #handshakeRateLimit()}
     * (default {@code false}: a local test or a load generator is not limited, nor, without
     * {@link #trustedProxies()}, a proxy on the same host, whose clients would otherwise share one bucket).
     *
     * @since 0.2
     */
    public boolean rateLimitLoopback() {
        return rateLimitLoopback;
    }

    /** {@code null}: handlers run on the socket's event loop. */
    public Executor handlerExecutor() {
        return handlerExecutor;
    }

    /** Binds typed handler payloads; {@link Json#mapper()} unless the application gives its own. */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    /**
     * Whether typed payloads are validated with Jakarta Bean Validation (when {@code jakarta.validation} and a
     * provider such as Hibernate Validator are on the class path; on the module path the application must require
     * or {@code --add-modules jakarta.validation}).
     */
    public boolean validatePayloads() {
        return validatePayloads;
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

    /** The limits of incoming events ({@link RateLimitOptions#DEFAULT} unless set); {@code null} when off. */
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

    /**
     * Whether the socket's {@link LogContext} keys are in the SLF4J MDC while its handlers, middlewares and
     * listeners run (default {@code true}).
     *
     * @since 0.3
     */
    public boolean logContext() {
        return logContext;
    }

    /** The static-content mounts, in the order given (default none); unmodifiable. */
    public List<StaticContent> staticContent() {
        return staticContent;
    }

    /** Server-Sent Events, or {@code null} (the default) when they are off. */
    public SseOptions sse() {
        return sse;
    }

    /** The HTTP publish API, or {@code null} (the default) when it is off. */
    public PublishApiOptions publishApi() {
        return publishApi;
    }

    /** 0 means Netty's default (2 × available processors). */
    public int ioThreads() {
        return ioThreads;
    }

    public boolean nativeTransport() {
        return nativeTransport;
    }

    /**
     * The I/O transport to use when {@link #nativeTransport()} is on (default {@link IoTransport#AUTO}).
     *
     * @since 0.2
     */
    public IoTransport ioTransport() {
        return ioTransport;
    }

    /**
     * How long an event loop may go without running a task before the server logs a warning with the loop thread's
     * stack (default 2 s); {@link Duration#ZERO} when the check is off. A handler that blocks on the loop stalls every
     * connection on it: this is how it gets noticed in development rather than as heartbeat timeouts in production.
     *
     * @since 0.1
     */
    public Duration blockedLoopThreshold() {
        return blockedLoopThreshold;
    }

    /**
     * Hard outbound budget of one connection in bytes (default 1 MiB): what is queued in the session plus what was
     * written to the socket but not sent yet. Going over it closes the connection with reason {@code slow client}
     * ({@link DisconnectReason#SLOW_CLIENT}), except for a single message on an otherwise empty connection.
     */
    public int maxBufferedBytes() {
        return maxBufferedBytes;
    }

    /** Hard budget of Engine.IO packets queued in one session (default 10 000); past it: {@code slow client}. */
    public int maxBufferedPackets() {
        return maxBufferedPackets;
    }

    /** Soft limit in bytes above which queued {@link Priority#LOW} packets are dropped, oldest first (256 KiB). */
    public int lowPriorityBufferedBytes() {
        return lowPriorityBufferedBytes;
    }

    /**
     * The socket write buffer's high water mark (default 64 KiB; the low one is half): above it a connection is
     * not writable, {@code volatile} packets are dropped and the session holds packets in its priority queue.
     */
    public int writeBufferHighWaterMark() {
        return writeBufferHighWaterMark;
    }

    /** WebSocket permessage-deflate settings, or {@code null} when off (default, as Node). */
    public CompressionOptions perMessageDeflate() {
        return perMessageDeflate;
    }

    /** HTTP compression of polling responses, or {@code null} when off (default on: threshold 1024, level 6). */
    public CompressionOptions httpCompression() {
        return httpCompression;
    }

    /** Max open Engine.IO connections, {@code 0} = unlimited (default). */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * Per-client-IP rate limit of new Engine.IO connections (handshakes), {@link #DEFAULT_HANDSHAKE_RATE_LIMIT}
     * unless set, or {@code null} when off; loopback clients are not counted unless {@link #rateLimitLoopback()}: each
     * address may open {@link RateLimit#burst()} connections at once, refilled at {@link RateLimit#permits()} per
     * {@link RateLimit#per()}. A handshake beyond that is refused with HTTP {@code 429} and
     * {@code {"code":7,"message":"Too many requests"}} (WebSocket: a raw 429). Requests of existing sessions (polls,
     * POSTs, upgrades) are not limited. The address is the client's: the TCP peer's or, behind the proxies listed in
     * {@link #trustedProxies()}, the one they forward in {@code X-Forwarded-For}. At most 100 000 addresses are
     * tracked; idle ones (full bucket) are forgotten.
     */
    public RateLimit handshakeRateLimit() {
        return handshakeRateLimit;
    }

    /**
     * Origins (e.g. {@code https://example.com}, compared case-insensitively) allowed to open WebSockets and send
     * polling requests. Empty (default): with {@link #cors()} set or {@link #allowCrossOrigin()}, any origin;
     * otherwise only the same origin as the request's {@code Host}. Requests without an {@code Origin} header always
     * pass.
     */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Whether, with neither {@code allowedOrigins} nor {@code cors}, cross-origin requests are accepted. */
    public boolean allowCrossOrigin() {
        return allowCrossOrigin;
    }

    /**
     * Reverse proxies whose {@code X-Forwarded-For} header is believed (IP addresses or CIDR ranges, as given; empty
     * by default: the header is ignored). When a request comes from one of them, the client's address is the
     * right-most address of the header's chain that is not itself a trusted proxy; it becomes
     * {@link RequestInfo#remoteAddress()} (the TCP peer stays in {@link RequestInfo#peerAddress()}), the
     * handshake's {@code address}, and the key of {@link #handshakeRateLimit()}.
     *
     * @since 0.1
     */
    public Set<String> trustedProxies() {
        return trustedProxies;
    }

    /** Idle time after which an HTTP connection with no request in progress is closed (default 5 s). */
    public Duration httpKeepAliveTimeout() {
        return httpKeepAliveTimeout;
    }

    /** TLS settings, or {@code null} for plain http/ws (default). */
    public TlsOptions tls() {
        return tls;
    }

    @Override
    public String toString() {
        return "ServerOptions{path=" + path + ", pingInterval=" + pingInterval + ", pingTimeout=" + pingTimeout
                + ", upgradeTimeout=" + upgradeTimeout + ", maxHttpBufferSize=" + maxHttpBufferSize
                + ", transports=" + transports + ", allowUpgrades=" + allowUpgrades + ", cookie=" + cookie
                + ", cors=" + cors + ", connectTimeout=" + connectTimeout + ", maxAttachments=" + maxAttachments
                + ", parser=" + parser
                + ", ackTimeout=" + ackTimeout + ", maxPendingAcks=" + maxPendingAcks
                + ", maxDynamicNamespaces=" + maxDynamicNamespaces + ", maxRoomsPerSocket=" + maxRoomsPerSocket
                + ", attachmentTimeout=" + attachmentTimeout + ", requestTimeout=" + requestTimeout
                + ", rateLimitLoopback=" + rateLimitLoopback + ", serveClient=" + serveClient + ", logContext=" + logContext + ", staticContent=" + staticContent
                + ", publishApi=" + publishApi + ", sse=" + sse
                + ", ioThreads=" + ioThreads + ", blockedLoopThreshold=" + blockedLoopThreshold
                + ", maxBufferedBytes=" + maxBufferedBytes
                + ", maxBufferedPackets=" + maxBufferedPackets + ", lowPriorityBufferedBytes="
                + lowPriorityBufferedBytes + ", writeBufferHighWaterMark=" + writeBufferHighWaterMark
                + ", perMessageDeflate=" + perMessageDeflate + ", httpCompression=" + httpCompression
                + ", maxConnections=" + maxConnections + ", handshakeRateLimit=" + handshakeRateLimit
                + ", allowedOrigins=" + allowedOrigins + ", allowCrossOrigin=" + allowCrossOrigin + ", trustedProxies=" + trustedProxies
                + ", httpKeepAliveTimeout=" + httpKeepAliveTimeout
                + ", tls=" + tls + '}';
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
        private Parser parser = Parser.DEFAULT;
        private Duration ackTimeout = Duration.ofSeconds(30);
        private int maxPendingAcks = 1_000;
        private int maxDynamicNamespaces = 1_000;
        private int maxRoomsPerSocket = 1_000;
        private Duration attachmentTimeout = Duration.ofSeconds(20);
        private Duration requestTimeout = Duration.ofSeconds(20);
        private boolean rateLimitLoopback;
        private Executor handlerExecutor;
        private ObjectMapper objectMapper = Json.mapper();
        private boolean validatePayloads = true;
        private boolean cleanupEmptyChildNamespaces = true;
        private AdapterFactory adapter = InMemoryAdapter.FACTORY;
        private RecoveryOptions connectionStateRecovery;
        private RateLimitOptions rateLimits = RateLimitOptions.DEFAULT;
        private int maxNamespacesPerConnection = 100;
        private boolean serveClient = true;
        private boolean logContext = true;
        private List<StaticContent> staticContent = List.of();
        private PublishApiOptions publishApi;
        private SseOptions sse;
        private int ioThreads;
        private boolean nativeTransport = true;
        private IoTransport ioTransport = IoTransport.AUTO;
        private Duration blockedLoopThreshold = Duration.ofSeconds(2);
        private int maxBufferedBytes = 1024 * 1024;
        private int maxBufferedPackets = 10_000;
        private int lowPriorityBufferedBytes = 256 * 1024;
        private int writeBufferHighWaterMark = 64 * 1024;
        private CompressionOptions perMessageDeflate;
        private CompressionOptions httpCompression = CompressionOptions.DEFAULT;
        private int maxConnections;
        private RateLimit handshakeRateLimit = DEFAULT_HANDSHAKE_RATE_LIMIT;
        private Set<String> allowedOrigins = Set.of();
        private boolean allowCrossOrigin;
        private Set<String> trustedProxies = Set.of();
        private Duration httpKeepAliveTimeout = Duration.ofSeconds(5);
        private TlsOptions tls;

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
            this.parser = o.parser;
            this.ackTimeout = o.ackTimeout;
            this.maxPendingAcks = o.maxPendingAcks;
            this.maxDynamicNamespaces = o.maxDynamicNamespaces;
            this.maxRoomsPerSocket = o.maxRoomsPerSocket;
            this.attachmentTimeout = o.attachmentTimeout;
            this.requestTimeout = o.requestTimeout;
            this.rateLimitLoopback = o.rateLimitLoopback;
            this.handlerExecutor = o.handlerExecutor;
            this.objectMapper = o.objectMapper;
            this.validatePayloads = o.validatePayloads;
            this.cleanupEmptyChildNamespaces = o.cleanupEmptyChildNamespaces;
            this.adapter = o.adapter;
            this.connectionStateRecovery = o.connectionStateRecovery;
            this.rateLimits = o.rateLimits;
            this.maxNamespacesPerConnection = o.maxNamespacesPerConnection;
            this.serveClient = o.serveClient;
            this.logContext = o.logContext;
            this.staticContent = o.staticContent;
            this.publishApi = o.publishApi;
            this.sse = o.sse;
            this.ioThreads = o.ioThreads;
            this.nativeTransport = o.nativeTransport;
            this.ioTransport = o.ioTransport;
            this.blockedLoopThreshold = o.blockedLoopThreshold;
            this.maxBufferedBytes = o.maxBufferedBytes;
            this.maxBufferedPackets = o.maxBufferedPackets;
            this.lowPriorityBufferedBytes = o.lowPriorityBufferedBytes;
            this.writeBufferHighWaterMark = o.writeBufferHighWaterMark;
            this.perMessageDeflate = o.perMessageDeflate;
            this.httpCompression = o.httpCompression;
            this.maxConnections = o.maxConnections;
            this.handshakeRateLimit = o.handshakeRateLimit;
            this.allowedOrigins = o.allowedOrigins;
            this.allowCrossOrigin = o.allowCrossOrigin;
            this.trustedProxies = o.trustedProxies;
            this.httpKeepAliveTimeout = o.httpKeepAliveTimeout;
            this.tls = o.tls;
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

        /**
         * The Socket.IO packet format (default {@link Parser#DEFAULT}). With {@link Parser#MSGPACK} the server
         * speaks {@code socket.io-msgpack-parser} 3.x: the served {@code socket.io.msgpack.min.js} and Node clients
         * created with that parser connect; clients using the default parser don't (their text packets close the
         * connection). {@code maxAttachments} does not apply (binaries are inline, bounded by
         * {@code maxHttpBufferSize}).
         *
         * @param parser the format, not {@code null}
         * @return this builder
         * @since 0.1.0
         */
        public Builder parser(Parser parser) {
            this.parser = java.util.Objects.requireNonNull(parser, "parser");
            return this;
        }

        /** Default timeout of {@code emitWithAck} (default 30 s); {@code null}: wait until the socket disconnects. */
        public Builder ackTimeout(Duration d) {
            this.ackTimeout = d == null ? null : positive(d, "ackTimeout");
            return this;
        }

        /** Unanswered server→client acknowledgements per socket (default 1 000, at least 1). */
        public Builder maxPendingAcks(int max) {
            this.maxPendingAcks = atLeastOne(max, "maxPendingAcks");
            return this;
        }

        /** Child namespaces the dynamic matchers may create (default 1 000, at least 1). */
        public Builder maxDynamicNamespaces(int max) {
            this.maxDynamicNamespaces = atLeastOne(max, "maxDynamicNamespaces");
            return this;
        }

        /** Rooms per socket, its own id room included (default 1 000, at least 1). */
        public Builder maxRoomsPerSocket(int max) {
            this.maxRoomsPerSocket = atLeastOne(max, "maxRoomsPerSocket");
            return this;
        }

        /** Time the attachments of a binary packet may take after its header (default 20 s). */
        public Builder attachmentTimeout(Duration d) {
            this.attachmentTimeout = positive(d, "attachmentTimeout");
            return this;
        }

        /** Time an HTTP request's body may take after its headers (default 20 s). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "requestTimeout");
            return this;
        }

        /** {@code true}: loopback clients count against {@code handshakeRateLimit} too (default {@code false}). */
        public Builder rateLimitLoopback(boolean limit) {
            this.rateLimitLoopback = limit;
            return this;
        }

        public Builder handlerExecutor(Executor executor) {
            this.handlerExecutor = executor;
            return this;
        }

        /**
         * The mapper that binds the payload of typed handlers (modules, naming strategy, features of the
         * application). It is used only for reading; outgoing values keep the wire format of {@link Json}.
         */
        public Builder objectMapper(ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "objectMapper");
            return this;
        }

        /** {@code false} turns Bean Validation of typed payloads off even when a provider is present. */
        public Builder validatePayloads(boolean validate) {
            this.validatePayloads = validate;
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

        /** Rate limits on incoming events (default {@link RateLimitOptions#DEFAULT}; {@code null}: none). */
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

        /** See {@link ServerOptions#logContext()}. */
        public Builder logContext(boolean logContext) {
            this.logContext = logContext;
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

        /** Turns on Server-Sent Events ({@code null}, the default, leaves them off). */
        public Builder sse(SseOptions sse) {
            this.sse = sse;
            return this;
        }

        /** Turns on the HTTP publish API ({@code null}, the default, leaves it off). */
        public Builder publishApi(PublishApiOptions publishApi) {
            this.publishApi = publishApi;
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

        /**
         * The I/O transport (default {@link IoTransport#AUTO}: io_uring when available, else epoll, else NIO). One
         * that is asked for and not available falls back to the next in the order io_uring, epoll, NIO (logged at
         * INFO); {@code nativeTransport(false)} means NIO whatever is chosen here.
         *
         * @param ioTransport the transport, not {@code null}
         * @since 0.2
         */
        public Builder ioTransport(IoTransport ioTransport) {
            this.ioTransport = java.util.Objects.requireNonNull(ioTransport, "ioTransport");
            return this;
        }

        /**
         * Warn when an event loop has not run a task for {@code threshold} (default 2 s, at least 10 ms);
         * {@link Duration#ZERO} turns the check off.
         *
         * @since 0.1
         */
        public Builder blockedLoopThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "threshold");
            if (!threshold.isZero() && threshold.compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("blockedLoopThreshold must be zero (off) or >= 10 ms: " + threshold);
            }
            this.blockedLoopThreshold = threshold;
            return this;
        }

        /** Hard outbound budget per connection in bytes (default 1 MiB, at least 1024). */
        public Builder maxBufferedBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxBufferedBytes must be >= 1024: " + bytes);
            }
            this.maxBufferedBytes = bytes;
            return this;
        }

        /** Hard budget of queued Engine.IO packets per connection (default 10 000, at least 1). */
        public Builder maxBufferedPackets(int packets) {
            if (packets < 1) {
                throw new IllegalArgumentException("maxBufferedPackets must be >= 1: " + packets);
            }
            this.maxBufferedPackets = packets;
            return this;
        }

        /** Soft limit above which LOW-priority packets are dropped (default 256 KiB, &lt;= maxBufferedBytes). */
        public Builder lowPriorityBufferedBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("lowPriorityBufferedBytes must be >= 0: " + bytes);
            }
            this.lowPriorityBufferedBytes = bytes;
            return this;
        }

        /** The socket write buffer's high water mark (default 64 KiB, at least 2, &lt;= maxBufferedBytes). */
        public Builder writeBufferHighWaterMark(int bytes) {
            if (bytes < 2) {
                throw new IllegalArgumentException("writeBufferHighWaterMark must be >= 2: " + bytes);
            }
            this.writeBufferHighWaterMark = bytes;
            return this;
        }

        /** Enables WebSocket permessage-deflate ({@code null}, the default, disables it). */
        public Builder perMessageDeflate(CompressionOptions options) {
            this.perMessageDeflate = options;
            return this;
        }

        /** HTTP compression of polling responses ({@code null} disables it; default on). */
        public Builder httpCompression(CompressionOptions options) {
            this.httpCompression = options;
            return this;
        }

        /** Max open connections, {@code 0} = unlimited (default). */
        public Builder maxConnections(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxConnections must be >= 0: " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * Per-IP handshake rate limit, e.g. {@code RateLimit.of(5, Duration.ofSeconds(1)).withBurst(20)}
         * (default {@link ServerOptions#DEFAULT_HANDSHAKE_RATE_LIMIT}; {@code null} disables it); see
         * {@link ServerOptions#handshakeRateLimit()}.
         */
        public Builder handshakeRateLimit(RateLimit limit) {
            this.handshakeRateLimit = limit;
            return this;
        }

        /**
         * Origins allowed to connect, e.g. {@code "https://example.com"} (scheme, host and port if not the
         * default; compared case-insensitively). No argument allows any origin (default).
         */
        /**
         * Trust {@code X-Forwarded-For} from these reverse proxies: IP addresses ({@code "10.0.0.7"}, {@code "::1"}) or
         * CIDR ranges ({@code "10.0.0.0/8"}); none by default. Only list your own proxies: a listed address can name
         * any client address it likes.
         *
         * @throws IllegalArgumentException for anything that is not an IP address or a CIDR range (no DNS names)
         * @since 0.1
         */
        public Builder trustedProxies(String... proxies) {
            java.util.LinkedHashSet<String> set = new java.util.LinkedHashSet<>();
            for (String p : proxies) {
                Objects.requireNonNull(p, "proxy");
                io.zapsocket.server.internal.engine.TrustedProxies.validate(p);
                set.add(p.trim());
            }
            this.trustedProxies = set;
            return this;
        }

        public Builder allowedOrigins(String... origins) {
            java.util.LinkedHashSet<String> set = new java.util.LinkedHashSet<>();
            for (String o : origins) {
                Objects.requireNonNull(o, "origin");
                String origin = o.trim().toLowerCase(java.util.Locale.ROOT);
                if (origin.isEmpty() || origin.endsWith("/") || (!origin.contains("://") && !origin.equals("null"))) {
                    throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + o);
                }
                set.add(origin);
            }
            this.allowedOrigins = set;
            return this;
        }

        /** Idle time before an HTTP connection without a request in progress is closed (default 5 s). */
        public Builder httpKeepAliveTimeout(Duration d) {
            this.httpKeepAliveTimeout = positive(d, "httpKeepAliveTimeout");
            return this;
        }

        /**
         * {@code true} restores Socket.IO's permissive behaviour when neither {@link #allowedOrigins} nor
         * {@link #cors} is set: browser requests from any origin are accepted. The default ({@code false}) accepts
         * only same-origin browser requests then, which closes cross-site WebSocket hijacking for applications that
         * authenticate with cookies.
         */
        public Builder allowCrossOrigin(boolean allow) {
            this.allowCrossOrigin = allow;
            return this;
        }

        /** Serves https/wss ({@code null}, the default, serves plain http/ws). */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** Validates the relations between bounds (e.g. the soft limit is below the hard budget). */
        public ServerOptions build() {
            if (lowPriorityBufferedBytes > maxBufferedBytes) {
                throw new IllegalArgumentException("lowPriorityBufferedBytes (" + lowPriorityBufferedBytes
                        + ") must be <= maxBufferedBytes (" + maxBufferedBytes + ")");
            }
            if (writeBufferHighWaterMark > maxBufferedBytes) {
                throw new IllegalArgumentException("writeBufferHighWaterMark (" + writeBufferHighWaterMark
                        + ") must be <= maxBufferedBytes (" + maxBufferedBytes + ")");
            }
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
            if (publishApi != null && EndpointPath.inside(publishApi.path(), path)) {
                throw new IllegalArgumentException("the publish API path " + publishApi.path()
                        + " lies inside the Socket.IO path " + path);
            }
            if (sse != null && EndpointPath.inside(sse.path(), path)) {
                throw new IllegalArgumentException("the SSE path " + sse.path() + " lies inside the Socket.IO path "
                        + path);
            }
            if (sse != null && publishApi != null && sse.path().equals(publishApi.path())) {
                throw new IllegalArgumentException("SSE and the publish API share the path " + sse.path());
            }
            return new ServerOptions(this);
        }

        private static int atLeastOne(int n, String name) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be >= 1: " + n);
            }
            return n;
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
