package io.zapsocket.spring.autoconfigure;

import io.zapsocket.protocol.Parser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zapsocket.*} configuration properties, mapped to {@link io.zapsocket.server.ServerOptions} by
 * {@link ZapSocketAutoConfiguration}. A property left unset keeps the {@code ServerOptions} default (Socket.IO 4.8's);
 * options without a property here are set with a {@link io.zapsocket.spring.ServerOptionsCustomizer} bean.
 *
 * <p>Mutable, as Spring binds it; read once when the server is created.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "zapsocket")
public class ZapSocketProperties {

    /** Whether to create and start the Zap-Socket server. */
    private boolean enabled = true;

    /** Address to listen on; all interfaces when unset. */
    private String host;

    /** Port of the Socket.IO server (its own port, not the web server's); 0 picks a free port. */
    private int port = 9092;

    /** Request path of the Socket.IO endpoint. */
    private String path = "/socket.io/";

    /** Server ping period. */
    private Duration pingInterval = Duration.ofSeconds(25);

    /** How long to wait for the client's pong before closing the connection ("ping timeout"). */
    private Duration pingTimeout = Duration.ofSeconds(20);

    /** Close a connection that joins no namespace within this time. */
    private Duration connectTimeout = Duration.ofSeconds(45);

    /** Max bytes of one HTTP long-polling body or one WebSocket message (Socket.IO's maxHttpBufferSize). */
    private int maxPayload = 1_000_000;

    /** Open connections accepted at once; 0 is unlimited. Further handshakes get HTTP 503. */
    private int maxConnections = 0;

    /** Default timeout of emitWithAck when none is given; none when unset. */
    private Duration ackTimeout;

    /**
     * Origins allowed to connect from a browser (scheme://host[:port]); others get 403. When neither this nor
     * cors.allowed-origins is set, only same-origin browser requests pass (unless allow-cross-origin).
     */
    private List<String> allowedOrigins = new ArrayList<>();

    /** With neither allowed-origins nor cors set, accept browser requests from any origin (Socket.IO's default). */
    private boolean allowCrossOrigin = false;

    /** Reverse proxies (IPs or CIDR ranges) whose X-Forwarded-For names the client. */
    private List<String> trustedProxies = new ArrayList<>();

    /** Serve the official browser client at {path}socket.io.min.js. */
    private boolean serveClient = true;

    /** Socket.IO packet format: "default" (socket.io-parser, JSON) or "msgpack" (socket.io-msgpack-parser). */
    private Parser parser = Parser.DEFAULT;

    /** Validate typed payloads with Jakarta Bean Validation when a provider is on the class path. */
    private boolean validatePayloads = true;

    /** Netty event-loop threads; 0 is twice the number of cores. */
    private int ioThreads = 0;

    /** Hard outbound budget per connection in bytes; past it the connection is closed ("slow client"). */
    private int maxBufferedBytes = 1_048_576;

    /**
     * How long a graceful shutdown may take: the server stops accepting connections, waits for running handlers,
     * disconnects every socket and flushes what is queued. Keep it below spring.lifecycle.timeout-per-shutdown-phase
     * (30 s by default).
     */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    /** Cluster adapter: "none" (in-memory, one node) or "redis" (connection from spring.data.redis.*). */
    private AdapterType adapter = AdapterType.NONE;

    private final Cors cors = new Cors();

    private final Recovery recovery = new Recovery();

    private final Redis redis = new Redis();

    private final Metrics metrics = new Metrics();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Duration getPingInterval() {
        return pingInterval;
    }

    public void setPingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
    }

    public Duration getPingTimeout() {
        return pingTimeout;
    }

    public void setPingTimeout(Duration pingTimeout) {
        this.pingTimeout = pingTimeout;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public int getMaxPayload() {
        return maxPayload;
    }

    public void setMaxPayload(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Duration getAckTimeout() {
        return ackTimeout;
    }

    public void setAckTimeout(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    public boolean isAllowCrossOrigin() {
        return allowCrossOrigin;
    }

    public void setAllowCrossOrigin(boolean allowCrossOrigin) {
        this.allowCrossOrigin = allowCrossOrigin;
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public boolean isServeClient() {
        return serveClient;
    }

    public void setServeClient(boolean serveClient) {
        this.serveClient = serveClient;
    }

    public Parser getParser() {
        return parser;
    }

    public void setParser(Parser parser) {
        this.parser = parser;
    }

    public boolean isValidatePayloads() {
        return validatePayloads;
    }

    public void setValidatePayloads(boolean validatePayloads) {
        this.validatePayloads = validatePayloads;
    }

    public int getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    public int getMaxBufferedBytes() {
        return maxBufferedBytes;
    }

    public void setMaxBufferedBytes(int maxBufferedBytes) {
        this.maxBufferedBytes = maxBufferedBytes;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public AdapterType getAdapter() {
        return adapter;
    }

    public void setAdapter(AdapterType adapter) {
        this.adapter = adapter;
    }

    public Cors getCors() {
        return cors;
    }

    public Recovery getRecovery() {
        return recovery;
    }

    public Redis getRedis() {
        return redis;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    /** Micrometer meters (with zapsocket-micrometer on the class path). */
    public static class Metrics {

        /** Register the server's meters (zapsocket.*) and the Redis adapter's with the application's registry. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The cluster adapter of {@code zapsocket.adapter}. */
    public enum AdapterType {
        /** In-memory rooms: one node (the default). */
        NONE,
        /** A Redis adapter ({@code zapsocket.redis.*}), connected with {@code spring.data.redis.*}. */
        REDIS
    }

    /** Wire profile of the Redis adapter ({@code zapsocket.redis.kind}). */
    public enum RedisKind {
        /** {@code @socket.io/redis-adapter}, classic pub/sub (the default). */
        PUB_SUB,
        /** {@code @socket.io/redis-adapter} sharded pub/sub (Redis 7). */
        SHARDED,
        /** {@code @socket.io/redis-streams-adapter}, with connection state recovery across nodes. */
        STREAMS
    }

    /** CORS headers on long-polling requests. */
    public static class Cors {

        /** Origins given CORS headers ("*" for any); CORS is off when empty. */
        private List<String> allowedOrigins = new ArrayList<>();

        /** Send Access-Control-Allow-Credentials (cookies with cross-origin polling). */
        private boolean allowCredentials = false;

        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        public void setAllowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }

        public boolean isAllowCredentials() {
            return allowCredentials;
        }

        public void setAllowCredentials(boolean allowCredentials) {
            this.allowCredentials = allowCredentials;
        }
    }

    /** Connection state recovery: a client back within the window keeps its id, rooms and missed packets. */
    public static class Recovery {

        /** Turn connection state recovery on. */
        private boolean enabled = false;

        /** How long after a disconnection the state is kept. */
        private Duration maxDisconnectionDuration = Duration.ofMinutes(2);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getMaxDisconnectionDuration() {
            return maxDisconnectionDuration;
        }

        public void setMaxDisconnectionDuration(Duration maxDisconnectionDuration) {
            this.maxDisconnectionDuration = maxDisconnectionDuration;
        }
    }

    /** The Redis adapter (zapsocket.adapter=redis); the connection comes from spring.data.redis.*. */
    public static class Redis {

        /** Wire profile: "pub-sub" (@socket.io/redis-adapter), "sharded" (Redis 7 sharded pub/sub) or "streams". */
        private RedisKind kind = RedisKind.PUB_SUB;

        /** Channel prefix (the Node adapters' key / channelPrefix). */
        private String key = "socket.io";

        /** How long a request to the other nodes (fetchSockets, serverSideEmit with ack) waits for answers. */
        private Duration requestsTimeout = Duration.ofSeconds(5);

        public RedisKind getKind() {
            return kind;
        }

        public void setKind(RedisKind kind) {
            this.kind = kind;
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public Duration getRequestsTimeout() {
            return requestsTimeout;
        }

        public void setRequestsTimeout(Duration requestsTimeout) {
            this.requestsTimeout = requestsTimeout;
        }
    }
}
