package io.zapsocket.webtransport;

import io.zapsocket.server.SocketServer;
import io.zapsocket.server.TlsOptions;
import io.zapsocket.server.internal.sio.DefaultSocketServer;
import io.zapsocket.webtransport.internal.WtServer;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Serves the {@code webtransport} Engine.IO transport (experimental) for a {@link SocketServer}: a UDP listener with
 * QUIC and HTTP/3 that accepts WebTransport sessions on the server's path. A client (socket.io-client 4.7+ in a
 * browser with WebTransport) opens a session, sends its Engine.IO open packet on a bidirectional stream and talks
 * Engine.IO over that stream, with the same heartbeat, limits, budget, connection state recovery and metrics as
 * over a WebSocket. While it runs, a polling handshake lists {@code webtransport} among its {@code upgrades}.
 *
 * <pre>{@code
 * SocketServer server = SocketServer.create(options);     // options with TLS, or:
 * server.listen(3000).join();
 * WebTransportServer wt = WebTransportServer.start(server, WebTransportOptions.builder()
 *         .tls(DevCertificate.generate().tlsOptions()).build()).join();   // UDP port 3000
 * ...
 * server.close().join();
 * wt.close().join();
 * }</pre>
 *
 * <p>Needs Netty's native QUIC library for the platform (the module brings Linux x86-64's; add another classifier of
 * {@code io.netty:netty-codec-native-quic} for other platforms).
 *
 * @since 0.1
 */
public final class WebTransportServer {
    private final WtServer server;

    private WebTransportServer(WtServer server) {
        this.server = server;
    }

    /**
     * Binds the UDP listener for {@code server}: on {@code options.port()} (by default the port {@code server}
     * listens on, which it must then do already) and {@code options.host()} (by default the server's address), with
     * {@code options.tls()} (by default the server's TLS options; QUIC always needs a certificate).
     */
    public static CompletableFuture<WebTransportServer> start(SocketServer server, WebTransportOptions options) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(options, "options");
        if (!(server instanceof DefaultSocketServer s)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a Zap-Socket server: " + server));
        }
        InetSocketAddress bound = server.address();
        int port = options.port();
        if (port == -1) {
            if (bound == null) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "the server is not listening: listen first, or set WebTransportOptions.port"));
            }
            port = bound.getPort();
        }
        InetSocketAddress address = options.host() != null ? new InetSocketAddress(options.host(), port)
                : bound != null ? new InetSocketAddress(bound.getAddress(), port) : new InetSocketAddress(port);
        TlsOptions tls = options.tls() != null ? options.tls() : server.options().tls();
        return WtServer.start(s.engine(), options, address, tls).thenApply(WebTransportServer::new);
    }

    /** The bound UDP address. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** QUIC connections open now. */
    public int connections() {
        return server.connections();
    }

    /**
     * Stops listing {@code webtransport} as an upgrade and closes the listener and every QUIC connection on it.
     * Close the {@link SocketServer} first: its sessions then end with their close packets delivered. Idempotent.
     */
    public CompletableFuture<Void> close() {
        return server.close();
    }

    @Override
    public String toString() {
        return "WebTransportServer" + address();
    }
}
