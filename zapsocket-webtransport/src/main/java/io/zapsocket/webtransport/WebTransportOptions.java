package io.zapsocket.webtransport;

import io.zapsocket.server.TlsOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of a {@link WebTransportServer}: the UDP listener, its TLS and the QUIC bounds. Every bound has a default;
 * the Engine.IO bounds (heartbeat, {@code maxHttpBufferSize}, {@code maxConnections}, write budget,
 * {@code upgradeTimeout}) are the Zap-Socket server's own.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>port</td><td>-1</td><td>the UDP port; -1: the port the server listens on (TCP), 0: a free one</td></tr>
 *   <tr><td>host</td><td>the server's</td><td>the address to bind (the server's bound address when not set)</td></tr>
 *   <tr><td>tls</td><td>the server's</td><td>certificate and key ({@link DevCertificate} for development); QUIC
 *       always needs one</td></tr>
 *   <tr><td>idleTimeout</td><td>pingInterval + pingTimeout + 5 s</td><td>a QUIC connection silent this long is
 *       closed</td></tr>
 *   <tr><td>maxQuicConnections</td><td>10 000</td><td>QUIC connections at once; more are closed at once</td></tr>
 *   <tr><td>maxSessionsPerConnection</td><td>4</td><td>WebTransport sessions one QUIC connection may hold</td></tr>
 *   <tr><td>streamWindow</td><td>1 MiB</td><td>QUIC flow-control window of one stream (bytes the client may send
 *       ahead)</td></tr>
 *   <tr><td>connectionWindow</td><td>4 MiB</td><td>QUIC flow-control window of one connection</td></tr>
 * </table>
 *
 * @since 0.1
 */
public final class WebTransportOptions {
    /** All defaults. */
    public static final WebTransportOptions DEFAULT = builder().build();

    private final int port;
    private final String host;
    private final TlsOptions tls;
    private final Duration idleTimeout;
    private final int maxQuicConnections;
    private final int maxSessionsPerConnection;
    private final int streamWindow;
    private final int connectionWindow;

    private WebTransportOptions(Builder b) {
        this.port = b.port;
        this.host = b.host;
        this.tls = b.tls;
        this.idleTimeout = b.idleTimeout;
        this.maxQuicConnections = b.maxQuicConnections;
        this.maxSessionsPerConnection = b.maxSessionsPerConnection;
        this.streamWindow = b.streamWindow;
        this.connectionWindow = b.connectionWindow;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The UDP port: -1 for the server's TCP port, 0 for a free one. */
    public int port() {
        return port;
    }

    /** The address to bind, or {@code null} for the server's. */
    public String host() {
        return host;
    }

    /** The TLS options, or {@code null} for the server's. */
    public TlsOptions tls() {
        return tls;
    }

    /** The QUIC idle timeout, or {@code null} for pingInterval + pingTimeout + 5 s. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    public int maxQuicConnections() {
        return maxQuicConnections;
    }

    public int maxSessionsPerConnection() {
        return maxSessionsPerConnection;
    }

    public int streamWindow() {
        return streamWindow;
    }

    public int connectionWindow() {
        return connectionWindow;
    }

    @Override
    public String toString() {
        return "WebTransportOptions{port=" + port + ", host=" + host + ", tls=" + tls + ", idleTimeout="
                + idleTimeout + ", maxQuicConnections=" + maxQuicConnections + ", maxSessionsPerConnection="
                + maxSessionsPerConnection + ", streamWindow=" + streamWindow + ", connectionWindow="
                + connectionWindow + '}';
    }

    /** Builds {@link WebTransportOptions}. */
    public static final class Builder {
        private int port = -1;
        private String host;
        private TlsOptions tls;
        private Duration idleTimeout;
        private int maxQuicConnections = 10_000;
        private int maxSessionsPerConnection = 4;
        private int streamWindow = 1 << 20;
        private int connectionWindow = 4 << 20;

        private Builder() {
        }

        /** The UDP port: -1 (default) for the server's TCP port, 0 for a free one. */
        public Builder port(int port) {
            if (port < -1 || port > 65535) {
                throw new IllegalArgumentException("port: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
                throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder maxQuicConnections(int max) {
            this.maxQuicConnections = positive(max, "maxQuicConnections");
            return this;
        }

        public Builder maxSessionsPerConnection(int max) {
            this.maxSessionsPerConnection = positive(max, "maxSessionsPerConnection");
            return this;
        }

        public Builder streamWindow(int bytes) {
            this.streamWindow = positive(bytes, "streamWindow");
            return this;
        }

        public Builder connectionWindow(int bytes) {
            this.connectionWindow = positive(bytes, "connectionWindow");
            return this;
        }

        public WebTransportOptions build() {
            return new WebTransportOptions(this);
        }

        private static int positive(int v, String name) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + v);
            }
            return v;
        }
    }

    /** For {@link Objects#requireNonNull}-style checks of callers. */
    static WebTransportOptions orDefault(WebTransportOptions o) {
        return o == null ? DEFAULT : o;
    }
}
