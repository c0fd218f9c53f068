package io.zapsocket.webtransport;

import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Java client's {@code webtransport} transport (WtClientTransport, found by the client as a service) against a
 * real server and WebTransport listener, trusting a development certificate; paranoid leak detection is on.
 */
class WebTransportClientTest {
    private static final DevCertificate CERT = DevCertificate.generate("localhost", "127.0.0.1");
    private static SocketServer server;
    private static WebTransportServer wt;
    private static final BlockingQueue<ServerSocket> sockets = new LinkedBlockingQueue<>();
    private static final BlockingQueue<String> serverEvents = new LinkedBlockingQueue<>();

    private SocketClient client;

    @BeforeAll
    static void start() throws Exception {
        server = SocketServer.create(ServerOptions.builder().build());
        server.onConnection(socket -> {
            sockets.add(socket);
            socket.on("echo", (args, ack) -> ack.send(args.toArray()));
            socket.on("bytes", (args, ack) -> serverEvents.add("bytes " + new String(args.getBytes(0))));
            socket.onDisconnect((reason, description) -> serverEvents.add("disconnect " + reason.wireName()));
        });
        // the WebTransport listener takes the same port number (UDP): the client's URL serves both
        server.listen("127.0.0.1", WebTransportBrowserIT.freePort()).join();
        wt = WebTransportServer.start(server, WebTransportOptions.builder().tls(CERT.tlsOptions()).build()).join();
    }

    @AfterAll
    static void stop() {
        server.close().orTimeout(10, TimeUnit.SECONDS).join();
        wt.close().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        sockets.clear();
        serverEvents.clear();
        await().atMost(Duration.ofSeconds(5)).until(() -> wt.connections() == 0 && server.stats().connections() == 0);
    }

    static TrustManager trust(DevCertificate cert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("dev", cert.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers()[0];
    }

    /** WebTransport is always TLS (QUIC); polling and WebSocket follow the URL's scheme (plain HTTP here). */
    private ClientSocket connect(String scheme, Transport... transports) throws Exception {
        client = SocketClient.create(scheme + "://127.0.0.1:" + wt.address().getPort(), ClientOptions.builder()
                .transports(transports)
                .trustManager(trust(CERT))
                .reconnection(false)
                .build());
        ClientSocket socket = client.socket("/");
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.onConnect(() -> connected.complete(null));
        socket.onConnectError(connected::completeExceptionally);
        socket.connect();
        connected.get(10, TimeUnit.SECONDS);
        return socket;
    }

    @Test
    void connectsAcksAndBinaryBothWays() throws Exception {
        ClientSocket socket = connect("https", Transport.WEBTRANSPORT);
        ServerSocket peer = sockets.poll(5, TimeUnit.SECONDS);
        assertThat(peer).isNotNull();
        assertThat(peer.transport()).isEqualTo(Transport.WEBTRANSPORT);
        assertThat(client.transport()).isEqualTo(Transport.WEBTRANSPORT);

        // client -> server with an ack (text and a binary attachment)
        Args echoed = socket.emitWithAck("echo", "hello", 42, new byte[] {1, 2, 3}).get(5, TimeUnit.SECONDS);
        assertThat(echoed.getString(0)).isEqualTo("hello");
        assertThat(echoed.getInt(1)).isEqualTo(42);
        assertThat(echoed.getBytes(2)).containsExactly(1, 2, 3);

        // server -> client with an ack
        socket.on("ask", (args, ack) -> ack.send("answer to " + args.getString(0)));
        Args answer = peer.emitWithAck("ask", "q").get(5, TimeUnit.SECONDS);
        assertThat(answer.getString(0)).isEqualTo("answer to q");

        // binary both ways, one large enough for 16-bit and 64-bit stream framing lengths
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        socket.on("blob", (args, ack) -> received.add(args.getBytes(0)));
        byte[] big = new byte[70_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        peer.emit("blob", (Object) big);
        peer.emit("blob", (Object) new byte[] {9});
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(big);
        assertThat(received.poll(5, TimeUnit.SECONDS)).containsExactly(9);
        socket.emit("bytes", (Object) "abc".getBytes()).get(5, TimeUnit.SECONDS);
        assertThat(serverEvents.poll(5, TimeUnit.SECONDS)).isEqualTo("bytes abc");
    }

    @Test
    void aServerDisconnectEndsTheSessionAndTheClientCanReconnect() throws Exception {
        ClientSocket socket = connect("https", Transport.WEBTRANSPORT);
        BlockingQueue<DisconnectReason> reasons = new LinkedBlockingQueue<>();
        socket.onDisconnect(reasons::add);
        ServerSocket first = sockets.poll(5, TimeUnit.SECONDS);
        first.disconnect(true);
        assertThat(reasons.poll(5, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.IO_SERVER_DISCONNECT);
        assertThat(serverEvents.poll(5, TimeUnit.SECONDS)).isEqualTo("disconnect server namespace disconnect");
        await().atMost(Duration.ofSeconds(5)).until(() -> wt.connections() == 0);

        socket.connect(); // an "io server disconnect" is not retried by itself: the application reconnects
        ServerSocket second = sockets.poll(10, TimeUnit.SECONDS);
        assertThat(second).isNotNull();
        assertThat(second.transport()).isEqualTo(Transport.WEBTRANSPORT);
        assertThat(second.id()).isNotEqualTo(first.id());
        await().atMost(Duration.ofSeconds(5)).until(socket::connected);
        assertThat(socket.emitWithAck("echo", "again").get(5, TimeUnit.SECONDS).getString(0)).isEqualTo("again");
    }

    @Test
    void aClientDisconnectReachesTheServerBeforeTheSessionEnds() throws Exception {
        ClientSocket socket = connect("https", Transport.WEBTRANSPORT);
        assertThat(sockets.poll(5, TimeUnit.SECONDS)).isNotNull();
        socket.disconnect();
        assertThat(serverEvents.poll(5, TimeUnit.SECONDS)).isEqualTo("disconnect client namespace disconnect");
        await().atMost(Duration.ofSeconds(5)).until(() -> wt.connections() == 0);
    }

    @Test
    void theClientReconnectsByItselfWhenTheListenerComesBack() throws Exception {
        WebTransportServer second = null;
        boolean stopped = false;
        try {
            client = SocketClient.create("https://127.0.0.1:" + wt.address().getPort(), ClientOptions.builder()
                    .transports(Transport.WEBTRANSPORT)
                    .trustManager(trust(CERT))
                    .reconnectionDelay(Duration.ofMillis(100))
                    .reconnectionDelayMax(Duration.ofMillis(300))
                    .build());
            ClientSocket socket = client.socket("/");
            BlockingQueue<DisconnectReason> reasons = new LinkedBlockingQueue<>();
            socket.onDisconnect(reasons::add);
            socket.connect();
            ServerSocket first = sockets.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();

            stopped = true;
            wt.close().get(10, TimeUnit.SECONDS); // the QUIC connections go: the client sees the transport close
            assertThat(reasons.poll(10, TimeUnit.SECONDS)).isIn(DisconnectReason.TRANSPORT_CLOSE,
                    DisconnectReason.TRANSPORT_ERROR);
            Thread.sleep(500); // a few refused attempts
            second = WebTransportServer.start(server, WebTransportOptions.builder().tls(CERT.tlsOptions()).build())
                    .join();
            ServerSocket again = sockets.poll(10, TimeUnit.SECONDS);
            assertThat(again).isNotNull();
            assertThat(again.transport()).isEqualTo(Transport.WEBTRANSPORT);
            await().atMost(Duration.ofSeconds(5)).until(socket::connected);
            assertThat(socket.emitWithAck("echo", "back").get(5, TimeUnit.SECONDS).getString(0)).isEqualTo("back");
        } finally {
            if (second != null) {
                wt = second; // the other tests' listener (same port)
            } else if (stopped) {
                wt = WebTransportServer.start(server, WebTransportOptions.builder().tls(CERT.tlsOptions()).build())
                        .join();
            }
        }
    }

    @Test
    void pollingUpgradesToWebTransport() throws Exception {
        BlockingQueue<Transport> upgrades = new LinkedBlockingQueue<>();
        ClientSocket socket = connect("http", Transport.POLLING, Transport.WEBTRANSPORT);
        client.addListener(new io.zapsocket.client.ClientListener() {
            @Override
            public void onUpgrade(Transport transport) {
                upgrades.add(transport);
            }
        });
        ServerSocket peer = sockets.poll(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> peer.transport() == Transport.WEBTRANSPORT);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.transport() == Transport.WEBTRANSPORT);
        assertThat(socket.emitWithAck("echo", "upgraded").get(5, TimeUnit.SECONDS).getString(0))
                .isEqualTo("upgraded");
        assertThat(wt.connections()).isEqualTo(1);
    }

    @Test
    void aServerThatRefusesTheSessionFailsTheConnect() throws Exception {
        client = SocketClient.create("https://127.0.0.1:" + wt.address().getPort(), ClientOptions.builder()
                .transports(Transport.WEBTRANSPORT)
                .path("/elsewhere/")
                .trustManager(trust(CERT))
                .reconnection(false)
                .build());
        ClientSocket socket = client.socket("/");
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        socket.onConnectError(error::complete);
        socket.connect();
        assertThat(error.get(10, TimeUnit.SECONDS)).hasMessageContaining("HTTP 404");
    }
}
