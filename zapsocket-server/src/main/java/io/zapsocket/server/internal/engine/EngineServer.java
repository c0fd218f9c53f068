package io.zapsocket.server.internal.engine;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.engine.EngineCodec;
import io.zapsocket.server.AllowRequest;
import io.zapsocket.server.CorsOptions;
import io.zapsocket.server.RequestInfo;
import io.zapsocket.server.ServerObserver;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.internal.transport.HttpExchange;
import io.zapsocket.server.internal.transport.HttpRoute;
import io.zapsocket.server.internal.transport.OutFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An Engine.IO v4 endpoint, compatible with engine.io 6.x: verifies requests, performs handshakes, owns the
 * session map and dispatches polling requests and WebSockets to their sessions. Mount it on an
 * {@link io.zapsocket.server.internal.transport.HttpServerHost} with {@code addEngine}.
 *
 * <p>A session lives on the event loop of the connection that opened it; requests that arrive on other loops
 * hop to it. Thread-safe.
 */
public final class EngineServer implements HttpRoute {
    private static final Logger log = LoggerFactory.getLogger(EngineServer.class);

    private final ServerOptions options;
    private final EngineHandler handler;
    private final ConcurrentHashMap<String, DefaultEngineSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger pollingCount = new AtomicInteger();
    private final AtomicInteger websocketCount = new AtomicInteger();
    private final AtomicInteger webtransportCount = new AtomicInteger();
    /** Whether a WebTransport listener serves this engine (module zapsocket-webtransport): listed in upgrades. */
    private volatile boolean webTransportEnabled;
    /** Sids closed by a polling client's "1" whose concurrent poll may still arrive (answered "6", once). */
    private final ConcurrentHashMap<String, Boolean> closedByClient = new ConcurrentHashMap<>();
    private final Observers observers = new Observers();
    private final EngineStats stats = new EngineStats(observers);
    /** Open sessions plus handshakes in progress (WebSocket handshakes hold a slot until registered). */
    private final AtomicInteger admitted = new AtomicInteger();
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final KeyedRateLimiter<InetAddress> rateLimiter;
    private volatile boolean draining;
    private final TrustedProxies trustedProxies;
    /** One flush task per loop and tick for all its sessions; one entry per event loop that has sessions. */
    private final ConcurrentHashMap<EventLoop, LoopFlusher> flushers = new ConcurrentHashMap<>();

    public EngineServer(ServerOptions options, EngineHandler handler) {
        this.options = Objects.requireNonNull(options, "options");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.trustedProxies = TrustedProxies.of(options.trustedProxies());
        this.rateLimiter = options.handshakeRateLimit() == null ? null
                : new KeyedRateLimiter<>(options.handshakeRateLimit());
    }

    /** Flow-control and admission counters. */
    public EngineStats stats() {
        return stats;
    }

    public ServerOptions options() {
        return options;
    }

    /** The open packet of session {@code id} opened over {@code t} (and the initial packet, if any), as frames. */
    List<OutFrame> openFrames(String id, Transport t) {
        List<String> upgrades = List.of();
        if (t == Transport.POLLING && options.allowUpgrades()) {
            boolean ws = options.transports().contains(Transport.WEBSOCKET);
            upgrades = webTransportEnabled ? (ws ? List.of("websocket", "webtransport") : List.of("webtransport"))
                    : ws ? List.of("websocket") : List.of();
        }
        String json = EngineCodec.openPacketJson(id, upgrades, options.pingInterval().toMillis(),
                options.pingTimeout().toMillis(), options.maxHttpBufferSize());
        List<OutFrame> frames = new ArrayList<>(2);
        frames.add(OutFrame.text("0" + json));
        if (options.initialPacket() != null) {
            frames.add(OutFrame.text("4" + options.initialPacket()));
        }
        return frames;
    }

    /** The server's observers (metrics). */
    public Observers observers() {
        return observers;
    }

    /** Bytes queued in the open sessions, not yet written (a sum over the sessions: for a gauge, not a hot path). */
    public long queuedBytes() {
        long sum = 0;
        for (DefaultEngineSession s : sessions.values()) {
            sum += s.queuedBytes();
        }
        return sum;
    }

    EngineHandler handler() {
        return handler;
    }

    /** The flusher of the sessions of {@code loop}. */
    LoopFlusher flusher(EventLoop loop) {
        return flushers.computeIfAbsent(loop, l -> new LoopFlusher(l, observers));
    }

    /** Number of open sessions. */
    public int clientsCount() {
        return sessions.size();
    }

    /** Number of open sessions currently on {@code transport}. */
    public int clientsCount(Transport transport) {
        return counter(transport).get();
    }

    private AtomicInteger counter(Transport transport) {
        return switch (transport) {
            case POLLING -> pollingCount;
            case WEBSOCKET -> websocketCount;
            case WEBTRANSPORT -> webtransportCount;
        };
    }

    /** The open session with this id, or {@code null}. */
    public EngineSession session(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    /** A snapshot of the open sessions. */
    public Collection<EngineSession> sessions() {
        return Collections.unmodifiableList(new ArrayList<>(sessions.values()));
    }

    /**
     * Closes every session right away (a pending poll gets the buffer and {@code 1}, a WebSocket gets the buffer,
     * {@code 1} and a close frame); listeners see {@code forced close}. Completes when all are closed.
     */
    public CompletableFuture<Void> closeAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (DefaultEngineSession s : sessions.values()) {
            all.add(s.closeNow());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture<?>[]::new));
    }

    // ------------------------------------------------------------------ request handling (connection's loop)

    @Override
    public void handle(HttpExchange ex) {
        if (log.isTraceEnabled()) {
            log.trace("{}", ex);
        }
        if (!originAllowed(ex.headers().get(HttpHeaderNames.ORIGIN), ex.headers().get(HttpHeaderNames.HOST))) {
            // cross-site WebSocket hijacking and cross-origin polling: refused before anything else
            stats.refusedOrigin0();
            fail(ex, ex.isWebSocketUpgrade(), EngineError.ORIGIN_NOT_ALLOWED, null);
            return;
        }
        CorsOptions cors = options.cors();
        if (cors != null) {
            String origin = ex.headers().get(HttpHeaderNames.ORIGIN);
            Cors.addHeaders(cors, origin, ex.responseHeaders());
            if (HttpMethod.OPTIONS.equals(ex.method())) {
                Cors.addPreflightHeaders(cors, ex.headers(), ex.responseHeaders());
                ex.respond(HttpResponseStatus.NO_CONTENT, null, null);
                return;
            }
        }
        boolean upgrade = ex.isWebSocketUpgrade();
        Transport transport = Transport.fromWireName(ex.queryParam("transport"));
        if (transport == null || transport == Transport.WEBTRANSPORT || !options.transports().contains(transport)) {
            // webtransport never comes as an HTTP/1.1 request: its sessions arrive through openStream
            fail(ex, upgrade, EngineError.UNKNOWN_TRANSPORT, null);
            return;
        }
        if (hasInvalidHeaderChar(ex.headers().get(HttpHeaderNames.ORIGIN))) {
            fail(ex, upgrade, EngineError.BAD_REQUEST, null);
            return;
        }
        String sid = ex.queryParam("sid");
        if (sid != null) {
            DefaultEngineSession session = sessions.get(sid);
            if (session == null) {
                if (!upgrade && transport == Transport.POLLING && HttpMethod.GET.equals(ex.method())) {
                    respondUnknownPoll(ex, sid);
                    return;
                }
                fail(ex, upgrade, EngineError.UNKNOWN_SID, null);
            } else if (upgrade) {
                if (transport != Transport.WEBSOCKET) {
                    fail(ex, true, EngineError.BAD_REQUEST, null);
                } else {
                    upgradeExisting(ex, session);
                }
            } else if (transport != Transport.POLLING) {
                fail(ex, false, EngineError.BAD_REQUEST, null);
            } else {
                handlePolling(ex, session);
            }
            return;
        }
        if (!HttpMethod.GET.equals(ex.method())) {
            fail(ex, upgrade, EngineError.BAD_HANDSHAKE_METHOD, null);
            return;
        }
        if (transport == Transport.WEBSOCKET && !upgrade) {
            fail(ex, false, EngineError.BAD_REQUEST, null);
            return;
        }
        if (transport == Transport.POLLING && upgrade) {
            // Node completes the WebSocket handshake and closes it: polling cannot be upgraded to
            fail(ex, true, EngineError.BAD_REQUEST, null);
            return;
        }
        InetSocketAddress client = trustedProxies.clientAddress(ex.remoteAddress(),
                ex.headers().getAll(FORWARDED_FOR));
        if (rateLimiter != null && client != null
                && (options.rateLimitLoopback() || !client.getAddress().isLoopbackAddress())
                && !rateLimiter.tryAcquire(client.getAddress(), System.nanoTime())) {
            stats.refusedRateLimited0();
            fail(ex, upgrade, EngineError.TOO_MANY_REQUESTS, null);
            return;
        }
        AllowRequest gate = options.allowRequest();
        if (gate == null) {
            handshake(ex, transport, client);
            return;
        }
        CompletionStage<Void> verdict;
        try {
            verdict = Objects.requireNonNull(gate.check(ex.toRequestInfo(client)), "allowRequest returned null");
        } catch (RuntimeException e) {
            verdict = CompletableFuture.failedFuture(e);
        }
        EventLoop loop = ex.eventLoop();
        verdict.whenComplete((ok, err) -> {
            Runnable next = err == null
                    ? () -> handshake(ex, transport, client)
                    : () -> {
                        stats.refused(ServerObserver.HandshakeRefusal.FORBIDDEN);
                        fail(ex, upgrade, EngineError.FORBIDDEN, refusalMessage(err));
                    };
            if (loop.inEventLoop()) {
                next.run();
            } else {
                try {
                    loop.execute(next);
                } catch (RejectedExecutionException e) {
                    log.debug("event loop shut down during allowRequest");
                }
            }
        });
    }

    // ------------------------------------------------------------------ for StreamTransports (webtransport)

    boolean isDraining() {
        return draining;
    }

    /** Gives back a slot taken by {@link #admit()} for a handshake that did not open a session. */
    void unadmit() {
        admitted.decrementAndGet();
    }

    /** Whether a handshake from {@code client} is within the handshake rate limit (and takes a token if so). */
    boolean withinRateLimit(InetSocketAddress client) {
        return rateLimiter == null || client == null
                || (!options.rateLimitLoopback() && client.getAddress().isLoopbackAddress())
                || rateLimiter.tryAcquire(client.getAddress(), System.nanoTime());
    }

    DefaultEngineSession sessionById(String sid) {
        return sessions.get(sid);
    }

    void webTransportEnabled(boolean enabled) {
        webTransportEnabled = enabled;
    }

    /** From now on handshakes are refused with 503 {@link EngineError#DRAINING}; open sessions go on. */
    public void startDraining() {
        draining = true;
    }

    private void handshake(HttpExchange ex, Transport transport, InetSocketAddress client) {
        if (draining) {
            stats.refused(ServerObserver.HandshakeRefusal.DRAINING);
            fail(ex, ex.isWebSocketUpgrade(), EngineError.DRAINING, null);
            return;
        }
        if (!"4".equals(ex.queryParam("EIO"))) {
            stats.refused(ServerObserver.HandshakeRefusal.UNSUPPORTED_PROTOCOL);
            fail(ex, ex.isWebSocketUpgrade(), EngineError.UNSUPPORTED_PROTOCOL_VERSION, null);
            return;
        }
        if (!admit()) {
            stats.refusedTooManyConnections0();
            fail(ex, ex.isWebSocketUpgrade(), EngineError.TOO_MANY_CONNECTIONS, null);
            return;
        }
        RequestInfo info = ex.toRequestInfo(client);
        if (transport == Transport.POLLING) {
            DefaultEngineSession session = register(ex.eventLoop(), info, Transport.POLLING);
            HttpHeaders extra = null;
            if (options.cookie() != null) {
                extra = new DefaultHttpHeaders().add(HttpHeaderNames.SET_COOKIE,
                        options.cookie().headerValue(session.id()));
            }
            session.openPolling(ex, extra);
        } else {
            WsTransport wst = new WsTransport(options.pingTimeout().toNanos());
            ex.upgradeToWebSocket(options.maxHttpBufferSize(), options.perMessageDeflate(), upgradeHeaders(ex), wst)
                    .whenComplete((conn, err) -> {
                        if (err != null) {
                            log.debug("WebSocket handshake failed: {}", err.toString());
                            admitted.decrementAndGet();
                            return;
                        }
                        // on the connection's loop, which becomes the session's loop
                        DefaultEngineSession session = register(conn.channel().eventLoop(), info,
                                Transport.WEBSOCKET);
                        wst.attach(conn, session);
                        session.openWebSocket(wst);
                        wst.release();
                    });
        }
    }

    DefaultEngineSession register(EventLoop loop, RequestInfo info, Transport transport) {
        while (true) {
            DefaultEngineSession session = new DefaultEngineSession(this, SessionIds.next(), loop, info, transport);
            if (sessions.putIfAbsent(session.id(), session) == null) {
                counter(transport).incrementAndGet();
                ServerObserver o = observers.current();
                if (o != null) {
                    o.onHandshakeAccepted(transport);
                }
                return session;
            }
        }
    }

    private void upgradeExisting(HttpExchange ex, DefaultEngineSession session) {
        WsTransport wst = new WsTransport(options.pingTimeout().toNanos());
        ex.upgradeToWebSocket(options.maxHttpBufferSize(), options.perMessageDeflate(), upgradeHeaders(ex), wst)
                .whenComplete((conn, err) -> {
            if (err != null) {
                log.debug("WebSocket handshake failed: {}", err.toString());
                return;
            }
            wst.attach(conn, session);
            session.runOnLoop(() -> session.onWebSocketUpgrade(wst));
            wst.release(); // after the upgrade is registered: a close held meanwhile then cancels it
        });
    }

    private HttpHeaders upgradeHeaders(HttpExchange ex) {
        HttpHeaders h = ex.responseHeaders();
        return h.isEmpty() ? null : h;
    }

    private void handlePolling(HttpExchange ex, DefaultEngineSession session) {
        HttpMethod method = ex.method();
        if (HttpMethod.GET.equals(method)) {
            ex.onAbort(() -> session.runOnLoop(() -> session.polling().onPollAborted(ex)));
            session.runOnLoop(() -> session.polling().onPollRequest(ex));
        } else if (HttpMethod.POST.equals(method)) {
            String contentType = ex.headers().get(HttpHeaderNames.CONTENT_TYPE);
            if (contentType != null && contentType.trim().equalsIgnoreCase("application/octet-stream")) {
                session.runOnLoop(() -> session.polling().onBinaryDataRequest(ex));
                return;
            }
            int max = options.maxHttpBufferSize();
            session.runOnLoop(() -> session.polling().onDataRequestStart(ex));
            ex.readBody(max, new HttpExchange.BodyHandler() {
                @Override
                public void onBody(byte[] body) {
                    String payload = new String(body, StandardCharsets.UTF_8);
                    session.runOnLoop(() -> session.polling().onDataRequestBody(ex, payload));
                }

                @Override
                public void onTooLarge() {
                    log.debug("session {}: POST body over {} bytes", session.id(), max);
                    // the session forgets this POST before the 413 is written: a client that gets the 413 and
                    // POSTs again at once must not be seen as overlapping (its new POST is queued after this)
                    session.runOnLoop(() -> session.polling().onDataRequestTooLarge(ex));
                    ex.respond(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, null, null, null, true);
                }

                @Override
                public void onAborted() {
                    session.runOnLoop(() -> session.polling().onDataRequestAborted(ex));
                }
            });
        } else {
            ex.respond(HttpResponseStatus.INTERNAL_SERVER_ERROR, null, null);
        }
    }

    // ------------------------------------------------------------------ errors

    private void fail(HttpExchange ex, boolean upgrade, EngineError error, String message) {
        String msg = message != null ? message : error.message;
        log.debug("refusing {}: {} ({})", ex, error, msg);
        if (upgrade) {
            ex.respondUpgradeError(HttpResponseStatus.valueOf(error.upgradeStatus), msg);
        } else {
            respondError(ex, error, msg);
        }
    }

    /**
     * Answers the error's status (400; 403 FORBIDDEN/ORIGIN_NOT_ALLOWED, 503 TOO_MANY_CONNECTIONS, 429
     * TOO_MANY_REQUESTS) with
     * {@code {"code":N,"message":"..."}}.
     */
    void respondError(HttpExchange ex, EngineError error, String message) {
        StringBuilder sb = new StringBuilder(64).append("{\"code\":").append(error.code).append(",\"message\":");
        EngineCodec.appendJsonString(sb, message != null ? message : error.message).append('}');
        ex.respond(HttpResponseStatus.valueOf(error.status), "application/json",
                sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Takes a connection slot unless {@code maxConnections} is reached. */
    boolean admit() {
        int max = options.maxConnections();
        if (admitted.incrementAndGet() > max && max > 0) {
            admitted.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Whether a request with this {@code Origin} header may proceed: no {@code Origin} (not a browser) always does;
     * with {@code allowedOrigins}, a listed origin; else with {@code cors} or {@code allowCrossOrigin}, any origin
     * (Socket.IO's behaviour); else (the secure default) only the same origin as the request's {@code Host}.
     */
    boolean originAllowed(String origin, String host) {
        if (origin == null) {
            return true;
        }
        java.util.Set<String> allowed = options.allowedOrigins();
        if (!allowed.isEmpty()) {
            return allowed.contains(origin.trim().toLowerCase(java.util.Locale.ROOT));
        }
        if (options.cors() != null || options.allowCrossOrigin()) {
            return true;
        }
        return sameOrigin(origin, host);
    }

    /**
     * Whether {@code origin} ({@code scheme://host[:port]}) names the {@code Host} the request was sent to; a
     * default port ({@code :80} for http, {@code :443} for https) may be written on either side. The opaque origin
     * {@code null} is never the same origin.
     */
    static boolean sameOrigin(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String o = origin.trim().toLowerCase(java.util.Locale.ROOT);
        String h = host.trim().toLowerCase(java.util.Locale.ROOT);
        int sep = o.indexOf("://");
        if (sep <= 0) {
            return false;
        }
        String scheme = o.substring(0, sep);
        String authority = o.substring(sep + 3);
        if (authority.equals(h)) {
            return true;
        }
        String defaultPort = switch (scheme) {
            case "http", "ws" -> ":80";
            case "https", "wss" -> ":443";
            default -> null;
        };
        return defaultPort != null && (h.equals(authority + defaultPort) || authority.equals(h + defaultPort));
    }

    private static String refusalMessage(Throwable err) {
        Throwable t = err;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return msg == null || msg.isEmpty() ? EngineError.FORBIDDEN.message : msg;
    }

    /**
     * True if {@code value} holds a character that is not a valid HTTP field-vchar (Node's
     * {@code checkInvalidHeaderChar}): only TAB, 0x20-0x7E and 0x80-0xFF are allowed.
     */
    static boolean hasInvalidHeaderChar(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ session bookkeeping (session's loop)

    void remove(DefaultEngineSession session) {
        if (sessions.remove(session.id(), session)) {
            admitted.decrementAndGet();
            counter(session.transport()).decrementAndGet();
        }
    }

    /**
     * The client closed a polling session with "1" while no poll was pending: its poll may have been sent
     * concurrently on another connection and be processed after the close. For a short while, that one poll is
     * answered with the noop it would have got, instead of "Session ID unknown".
     */
    void lingerAfterClientClose(String sid, EventLoop loop) {
        try {
            loop.schedule(() -> closedByClient.remove(sid), DefaultEngineSession.CLIENT_CLOSE_LINGER_MS,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            closedByClient.put(sid, Boolean.TRUE);
        } catch (RejectedExecutionException e) {
            // shutting down: no linger
        }
    }

    /** Answers a poll for a session that is gone: the lingering noop once after a client close, else 400. */
    void respondUnknownPoll(HttpExchange ex, String sid) {
        if (closedByClient.remove(sid) != null) {
            ex.respond(HttpResponseStatus.OK, HttpExchange.TEXT_PLAIN_UTF8, new byte[]{'6'},
                    new DefaultHttpHeaders().set("cache-control", "no-store"), false);
        } else {
            respondError(ex, EngineError.UNKNOWN_SID, null);
        }
    }

    void onUpgraded(DefaultEngineSession session) {
        pollingCount.decrementAndGet();
        counter(session.transport()).incrementAndGet();
    }

    @Override
    public String toString() {
        return "EngineServer{path=" + options.path() + ", clients=" + sessions.size() + '}';
    }
}
