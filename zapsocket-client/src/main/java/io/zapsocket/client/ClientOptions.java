package io.zapsocket.client;

import io.zapsocket.client.internal.TransportProvider;
import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.sio.SioDecoder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The options of a {@link SocketClient}, named and defaulted like the JavaScript client's (socket.io-client 4.8)
 * where it has them. Immutable and thread-safe; built with {@link #builder()}, validated by
 * {@link Builder#build()}; {@link #toBuilder()} copies.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder()
 *         .transports(Transport.WEBSOCKET)
 *         .auth(() -> Map.of("token", jwt()))
 *         .reconnectionDelay(Duration.ofMillis(500))
 *         .ackTimeout(Duration.ofSeconds(5)).retries(3)
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class ClientOptions {

    /** The defaults of every option. */
    public static final ClientOptions DEFAULT = new Builder().build();

    private final List<Transport> transports;
    private final boolean upgrade;
    private final boolean rememberUpgrade;
    private final boolean tryAllTransports;
    private final String path;
    private final Map<String, String> query;
    private final Map<String, String> extraHeaders;
    private final SSLContext sslContext;
    private final TrustManager trustManager;
    private final boolean verifyHostname;
    private final Duration timeout;
    private final boolean reconnection;
    private final int reconnectionAttempts;
    private final Duration reconnectionDelay;
    private final Duration reconnectionDelayMax;
    private final double randomizationFactor;
    private final Supplier<?> auth;
    private final Duration ackTimeout;
    private final int retries;
    private final boolean idempotencyKeys;
    private final int sendBufferSize;
    private final OverflowPolicy overflowPolicy;
    private final int receiveBufferSize;
    private final Path persistentQueue;
    private final Executor listenerExecutor;
    private final int maxIncomingBytes;
    private final int maxAttachments;
    private final Parser parser;

    private ClientOptions(Builder b) {
        this.transports = List.copyOf(b.transports);
        this.upgrade = b.upgrade;
        this.rememberUpgrade = b.rememberUpgrade;
        this.tryAllTransports = b.tryAllTransports;
        this.path = b.path;
        this.query = Collections.unmodifiableMap(new LinkedHashMap<>(b.query));
        this.extraHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraHeaders));
        this.sslContext = b.sslContext;
        this.trustManager = b.trustManager;
        this.verifyHostname = b.verifyHostname;
        this.timeout = b.timeout;
        this.reconnection = b.reconnection;
        this.reconnectionAttempts = b.reconnectionAttempts;
        this.reconnectionDelay = b.reconnectionDelay;
        this.reconnectionDelayMax = b.reconnectionDelayMax;
        this.randomizationFactor = b.randomizationFactor;
        this.auth = b.auth;
        this.ackTimeout = b.ackTimeout;
        this.retries = b.retries;
        this.idempotencyKeys = b.idempotencyKeys;
        this.sendBufferSize = b.sendBufferSize;
        this.overflowPolicy = b.overflowPolicy;
        this.receiveBufferSize = b.receiveBufferSize;
        this.persistentQueue = b.persistentQueue;
        this.listenerExecutor = b.listenerExecutor;
        this.maxIncomingBytes = b.maxIncomingBytes;
        this.maxAttachments = b.maxAttachments;
        this.parser = b.parser;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Transports in order of preference; default {@code [POLLING, WEBSOCKET]}. Immutable. */
    public List<Transport> transports() {
        return transports;
    }

    /** Whether to upgrade from polling to WebSocket when the server offers it; default {@code true}. */
    public boolean upgrade() {
        return upgrade;
    }

    /** Whether to start directly with WebSocket after a successful WebSocket connection; default {@code false}. */
    public boolean rememberUpgrade() {
        return rememberUpgrade;
    }

    /** Whether to try the next transport when the first cannot open; default {@code false}. */
    public boolean tryAllTransports() {
        return tryAllTransports;
    }

    /** The Engine.IO path; default {@code /socket.io/}. */
    public String path() {
        return path;
    }

    /** Extra query parameters of every request, in order; default none. Immutable. */
    public Map<String, String> query() {
        return query;
    }

    /** Extra HTTP headers of every request (polling requests and the WebSocket handshake); default none. */
    public Map<String, String> extraHeaders() {
        return extraHeaders;
    }

    /** The TLS context for {@code https}/{@code wss}, or {@code null} (then {@link #trustManager()} or the JDK's). */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** A trust manager for {@code https}/{@code wss} (e.g. trusting a test CA), or {@code null}. */
    public TrustManager trustManager() {
        return trustManager;
    }

    /** Whether TLS verifies the server's host name (HTTPS endpoint identification); default {@code true}. */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    /** Connect timeout of each open attempt (TCP connect to the Engine.IO handshake); default 20 s. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether to reconnect automatically; default {@code true}. */
    public boolean reconnection() {
        return reconnection;
    }

    /** Reconnection attempts before {@code reconnect_failed}; default {@link Integer#MAX_VALUE} (unlimited). */
    public int reconnectionAttempts() {
        return reconnectionAttempts;
    }

    /** The first reconnection delay (before jitter); default 1 s. */
    public Duration reconnectionDelay() {
        return reconnectionDelay;
    }

    /** The largest reconnection delay; default 5 s. */
    public Duration reconnectionDelayMax() {
        return reconnectionDelayMax;
    }

    /** Jitter factor of the reconnection delay, {@code [0, 1]}; default 0.5. */
    public double randomizationFactor() {
        return randomizationFactor;
    }

    /**
     * The auth payload of CONNECT packets, evaluated for every namespace on every (re)connect; it may return a
     * map, a record/POJO, {@code null}, or a {@link java.util.concurrent.CompletionStage} of one of those. Default:
     * none. It runs on the I/O thread: it must not block (return a {@code CompletionStage} for slow work).
     */
    public Supplier<?> auth() {
        return auth;
    }

    /** Default acknowledgement timeout of emits with an ack, or {@code null} for none (the default). */
    public Duration ackTimeout() {
        return ackTimeout;
    }

    /**
     * At-least-once delivery: when {@code > 0}, every emit gets an implicit acknowledgement, one packet per socket
     * is in flight at a time, and an unacknowledged packet is resent after {@link #ackTimeout()} up to this many
     * times, in order. Default 0 (off).
     */
    public int retries() {
        return retries;
    }

    /**
     * Whether the at-least-once packets of {@link #retries()} carry an idempotency key (default {@code false}): a
     * trailing argument {@code {"zs:idem": "<random UUID>"}}, the same on every resend, so that a server with
     * {@code zapsocket-sync}'s idempotent events runs the handler once however many times the packet arrives (see
     * docs/sync.md). Turn it on only towards such a server: another one passes the extra argument to its handlers.
     */
    public boolean idempotencyKeys() {
        return idempotencyKeys;
    }

    /** Largest number of packets buffered per socket while offline (or queued with retries); default 1024. */
    public int sendBufferSize() {
        return sendBufferSize;
    }

    /** What an emit does when the send buffer is full; default {@link OverflowPolicy#REJECT}. */
    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    /**
     * Largest number of events kept per socket while it is not yet connected (recovered packets arrive before the
     * CONNECT reply); beyond it the oldest are dropped and reported to the error listeners. Default 1024.
     */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /**
     * A file keeping the at-least-once queue (requires {@link #retries()} &gt; 0) across process restarts: packets
     * not yet acknowledged when the process stops are sent again by the next client with this file, when their
     * namespace's socket is created. {@code null} (the default) keeps the queue in memory only. At
     * {@link SocketClient#close()}, the futures of queued packets fail with a
     * {@link io.zapsocket.protocol.ConnectionClosedException} saying they stay in the file. Writes go through the
     * OS page cache (they survive a process crash, not necessarily a power loss).
     */
    public Path persistentQueue() {
        return persistentQueue;
    }

    /**
     * Where listeners and future completions run, or {@code null} (the default) for one daemon thread per client.
     * Tasks are submitted one at a time, so order is kept even on a thread pool. Not shut down by the client.
     */
    public Executor listenerExecutor() {
        return listenerExecutor;
    }

    /** Largest HTTP response body or WebSocket message accepted from the server; default 16 MiB. */
    public int maxIncomingBytes() {
        return maxIncomingBytes;
    }

    /** Most binary attachments accepted in one incoming packet; default 10. */
    public int maxAttachments() {
        return maxAttachments;
    }

    /**
     * The Socket.IO packet format; default {@link Parser#DEFAULT}. Must match the server's.
     *
     * @since 0.1.0
     */
    public Parser parser() {
        return parser;
    }

    @Override
    public String toString() {
        return "ClientOptions{transports=" + transports + ", upgrade=" + upgrade + ", rememberUpgrade="
                + rememberUpgrade + ", tryAllTransports=" + tryAllTransports + ", path=" + path + ", query=" + query
                + ", extraHeaders=" + extraHeaders.keySet() + ", tls=" + (sslContext != null ? "sslContext"
                : trustManager != null ? "trustManager" : "default") + ", verifyHostname=" + verifyHostname
                + ", timeout=" + timeout + ", reconnection=" + reconnection + ", reconnectionAttempts="
                + reconnectionAttempts + ", reconnectionDelay=" + reconnectionDelay + ", reconnectionDelayMax="
                + reconnectionDelayMax + ", randomizationFactor=" + randomizationFactor + ", auth="
                + (auth != null ? "set" : "none") + ", ackTimeout=" + ackTimeout + ", retries=" + retries + ", idempotencyKeys=" + idempotencyKeys
                + ", sendBufferSize=" + sendBufferSize + ", overflowPolicy=" + overflowPolicy + ", receiveBufferSize="
                + receiveBufferSize + ", persistentQueue=" + persistentQueue + ", listenerExecutor="
                + (listenerExecutor != null ? "custom" : "own thread") + ", maxIncomingBytes=" + maxIncomingBytes
                + ", maxAttachments=" + maxAttachments + ", parser=" + parser + '}';
    }

    /**
     * Builds {@link ClientOptions}. Not thread-safe. Setters check their argument ({@code null} where not allowed →
     * {@link NullPointerException}); {@link #build()} checks the combination.
     */
    public static final class Builder {
        private List<Transport> transports = List.of(Transport.POLLING, Transport.WEBSOCKET);
        private boolean upgrade = true;
        private boolean rememberUpgrade;
        private boolean tryAllTransports;
        private String path = "/socket.io/";
        private Map<String, String> query = new LinkedHashMap<>();
        private Map<String, String> extraHeaders = new LinkedHashMap<>();
        private SSLContext sslContext;
        private TrustManager trustManager;
        private boolean verifyHostname = true;
        private Duration timeout = Duration.ofSeconds(20);
        private boolean reconnection = true;
        private int reconnectionAttempts = Integer.MAX_VALUE;
        private Duration reconnectionDelay = Duration.ofSeconds(1);
        private Duration reconnectionDelayMax = Duration.ofSeconds(5);
        private double randomizationFactor = 0.5;
        private Supplier<?> auth;
        private Duration ackTimeout;
        private int retries;
        private boolean idempotencyKeys;
        private int sendBufferSize = 1024;
        private OverflowPolicy overflowPolicy = OverflowPolicy.REJECT;
        private int receiveBufferSize = 1024;
        private Path persistentQueue;
        private Executor listenerExecutor;
        private int maxIncomingBytes = 16 * 1024 * 1024;
        private int maxAttachments = SioDecoder.DEFAULT_MAX_ATTACHMENTS;
        private Parser parser = Parser.DEFAULT;

        private Builder() {
        }

        private Builder(ClientOptions o) {
            transports = o.transports;
            upgrade = o.upgrade;
            rememberUpgrade = o.rememberUpgrade;
            tryAllTransports = o.tryAllTransports;
            path = o.path;
            query = new LinkedHashMap<>(o.query);
            extraHeaders = new LinkedHashMap<>(o.extraHeaders);
            sslContext = o.sslContext;
            trustManager = o.trustManager;
            verifyHostname = o.verifyHostname;
            timeout = o.timeout;
            reconnection = o.reconnection;
            reconnectionAttempts = o.reconnectionAttempts;
            reconnectionDelay = o.reconnectionDelay;
            reconnectionDelayMax = o.reconnectionDelayMax;
            randomizationFactor = o.randomizationFactor;
            auth = o.auth;
            ackTimeout = o.ackTimeout;
            retries = o.retries;
            idempotencyKeys = o.idempotencyKeys;
            sendBufferSize = o.sendBufferSize;
            overflowPolicy = o.overflowPolicy;
            receiveBufferSize = o.receiveBufferSize;
            persistentQueue = o.persistentQueue;
            listenerExecutor = o.listenerExecutor;
            maxIncomingBytes = o.maxIncomingBytes;
            maxAttachments = o.maxAttachments;
            parser = o.parser;
        }

        /** Transports in order of preference, e.g. {@code transports(Transport.WEBSOCKET)} for WebSocket only. */
        public Builder transports(Transport... transports) {
            return transports(List.of(transports));
        }

        /**
         * {@link Transport#WEBTRANSPORT} needs the {@code zapsocket-webtransport} module (Netty's native QUIC) on the
         * class or module path; it uses {@link #trustManager} (or the JDK's trust store), not {@link #sslContext}.
         *
         * @throws IllegalArgumentException for {@link Transport#WEBTRANSPORT} without {@code zapsocket-webtransport}
         * @see #transports(Transport...)
         */
        public Builder transports(List<Transport> transports) {
            if (transports.contains(Transport.WEBTRANSPORT) && !TransportProvider.available(Transport.WEBTRANSPORT)) {
                throw new IllegalArgumentException("the webtransport transport needs the zapsocket-webtransport "
                        + "module on the class or module path");
            }
            this.transports = List.copyOf(transports);
            return this;
        }

        public Builder upgrade(boolean upgrade) {
            this.upgrade = upgrade;
            return this;
        }

        public Builder rememberUpgrade(boolean rememberUpgrade) {
            this.rememberUpgrade = rememberUpgrade;
            return this;
        }

        public Builder tryAllTransports(boolean tryAllTransports) {
            this.tryAllTransports = tryAllTransports;
            return this;
        }

        /** The Engine.IO path, starting with {@code /}; a trailing {@code /} is kept as given. */
        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Adds a query parameter (replacing one of the same name). */
        public Builder query(String name, String value) {
            query.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Replaces the query parameters. */
        public Builder query(Map<String, String> query) {
            this.query = new LinkedHashMap<>(query);
            return this;
        }

        /** Adds an HTTP header (replacing one of the same name). */
        public Builder extraHeader(String name, String value) {
            extraHeaders.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Replaces the extra HTTP headers. */
        public Builder extraHeaders(Map<String, String> headers) {
            this.extraHeaders = new LinkedHashMap<>(headers);
            return this;
        }

        /** The TLS context for {@code https}/{@code wss} (exclusive with {@link #trustManager}). */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** A trust manager for {@code https}/{@code wss} (exclusive with {@link #sslContext}). */
        public Builder trustManager(TrustManager trustManager) {
            this.trustManager = trustManager;
            return this;
        }

        public Builder verifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
            return this;
        }

        /** Connect timeout of each attempt, positive. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder reconnection(boolean reconnection) {
            this.reconnection = reconnection;
            return this;
        }

        /** {@code >= 0}; {@link Integer#MAX_VALUE} means unlimited. */
        public Builder reconnectionAttempts(int reconnectionAttempts) {
            this.reconnectionAttempts = reconnectionAttempts;
            return this;
        }

        public Builder reconnectionDelay(Duration reconnectionDelay) {
            this.reconnectionDelay = Objects.requireNonNull(reconnectionDelay, "reconnectionDelay");
            return this;
        }

        public Builder reconnectionDelayMax(Duration reconnectionDelayMax) {
            this.reconnectionDelayMax = Objects.requireNonNull(reconnectionDelayMax, "reconnectionDelayMax");
            return this;
        }

        /** In {@code [0, 1]}. */
        public Builder randomizationFactor(double randomizationFactor) {
            this.randomizationFactor = randomizationFactor;
            return this;
        }

        /** A fixed auth payload (map, record, POJO), or {@code null} for none. */
        public Builder auth(Object auth) {
            this.auth = auth == null ? null : () -> auth;
            return this;
        }

        /**
         * An auth supplier evaluated on every (re)connect (e.g. a fresh JWT); see {@link ClientOptions#auth()}.
         */
        public Builder auth(Supplier<?> auth) {
            this.auth = auth;
            return this;
        }

        /** Default acknowledgement timeout, positive, or {@code null} for none. */
        public Builder ackTimeout(Duration ackTimeout) {
            this.ackTimeout = ackTimeout;
            return this;
        }

        /** At-least-once resends, {@code >= 0} (0 = off); needs {@link #ackTimeout}. */
        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        /** {@code >= 0} (0: emits while offline fail at once, unless volatile, which are dropped anyway). */
        public Builder sendBufferSize(int sendBufferSize) {
            this.sendBufferSize = sendBufferSize;
            return this;
        }

        public Builder overflowPolicy(OverflowPolicy overflowPolicy) {
            this.overflowPolicy = Objects.requireNonNull(overflowPolicy, "overflowPolicy");
            return this;
        }

        /** {@code >= 0}. */
        public Builder receiveBufferSize(int receiveBufferSize) {
            this.receiveBufferSize = receiveBufferSize;
            return this;
        }

        /** Idempotency keys on the at-least-once packets of {@link #retries}; see {@link ClientOptions#idempotencyKeys()}. */
        public Builder idempotencyKeys(boolean idempotencyKeys) {
            this.idempotencyKeys = idempotencyKeys;
            return this;
        }

        /** A file for the persistent at-least-once queue, or {@code null}; needs {@link #retries} &gt; 0. */
        public Builder persistentQueue(Path persistentQueue) {
            this.persistentQueue = persistentQueue;
            return this;
        }

        /** Where listeners run, or {@code null} for the client's own event thread. */
        public Builder listenerExecutor(Executor listenerExecutor) {
            this.listenerExecutor = listenerExecutor;
            return this;
        }

        /** {@code >= 1024}. */
        public Builder maxIncomingBytes(int maxIncomingBytes) {
            this.maxIncomingBytes = maxIncomingBytes;
            return this;
        }

        /** {@code >= 0}. */
        public Builder maxAttachments(int maxAttachments) {
            this.maxAttachments = maxAttachments;
            return this;
        }

        /**
         * The Socket.IO packet format, as the JavaScript client's {@code parser} option (default
         * {@link Parser#DEFAULT}). {@link Parser#MSGPACK} speaks {@code socket.io-msgpack-parser} 3.x, for servers
         * created with that parser (Node) or {@code parser(Parser.MSGPACK)} (Zap-Socket): every packet is one binary
         * message, binaries inline ({@code maxAttachments} does not apply; {@code maxIncomingBytes} bounds them).
         *
         * @param parser the format, not {@code null}
         * @return this builder
         * @since 0.1.0
         */
        public Builder parser(Parser parser) {
            this.parser = Objects.requireNonNull(parser, "parser");
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException if a value or a combination is invalid; the message names the option
         */
        public ClientOptions build() {
            if (transports.isEmpty()) {
                throw new IllegalArgumentException("transports must not be empty");
            }
            if (new LinkedHashSet<>(transports).size() != transports.size()) {
                throw new IllegalArgumentException("transports must not repeat: " + transports);
            }
            if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
                throw new IllegalArgumentException("path must start with '/' and have no query: " + path);
            }
            if (sslContext != null && trustManager != null) {
                throw new IllegalArgumentException("set sslContext or trustManager, not both");
            }
            requirePositive("timeout", timeout);
            requireMillis("reconnectionDelay", reconnectionDelay);
            requireMillis("reconnectionDelayMax", reconnectionDelayMax);
            if (reconnectionDelayMax.compareTo(reconnectionDelay) < 0) {
                throw new IllegalArgumentException("reconnectionDelayMax (" + reconnectionDelayMax
                        + ") must be >= reconnectionDelay (" + reconnectionDelay + ")");
            }
            if (reconnectionAttempts < 0) {
                throw new IllegalArgumentException("reconnectionAttempts must be >= 0: " + reconnectionAttempts);
            }
            if (!(randomizationFactor >= 0 && randomizationFactor <= 1)) {
                throw new IllegalArgumentException("randomizationFactor must be in [0, 1]: " + randomizationFactor);
            }
            if (ackTimeout != null) {
                requirePositive("ackTimeout", ackTimeout);
            }
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be >= 0: " + retries);
            }
            if (retries > 0 && ackTimeout == null) {
                throw new IllegalArgumentException("retries needs an ackTimeout (when to resend)");
            }
            if (persistentQueue != null && retries == 0) {
                throw new IllegalArgumentException("persistentQueue needs retries > 0 (it stores the retry queue)");
            }
            if (sendBufferSize < 0) {
                throw new IllegalArgumentException("sendBufferSize must be >= 0: " + sendBufferSize);
            }
            if (receiveBufferSize < 0) {
                throw new IllegalArgumentException("receiveBufferSize must be >= 0: " + receiveBufferSize);
            }
            if (maxIncomingBytes < 1024) {
                throw new IllegalArgumentException("maxIncomingBytes must be >= 1024: " + maxIncomingBytes);
            }
            if (maxAttachments < 0) {
                throw new IllegalArgumentException("maxAttachments must be >= 0: " + maxAttachments);
            }
            for (String name : new ArrayList<>(extraHeaders.keySet())) {
                if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c >= 127 || c == ':')) {
                    throw new IllegalArgumentException("invalid header name: \"" + name + "\"");
                }
            }
            return new ClientOptions(this);
        }

        private static void requirePositive(String name, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            requireMillis(name, d);
        }

        private static void requireMillis(String name, Duration d) {
            if (d.isNegative() || d.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException(name + " must be in [0, " + Integer.MAX_VALUE + " ms]: " + d);
            }
        }
    }
}
