package io.zapsocket.webtransport;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.StaticContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official socket.io-client (the bundle the server serves) in headless chromium, over WebTransport to
 * Zap-Socket: with {@code transports: ["webtransport"]} and with polling then the upgrade. Events with acks and
 * binary both ways; a server restart on the same ports, after which the page reconnects over WebTransport again.
 * The certificate is a {@link DevCertificate}, accepted through {@code serverCertificateHashes}.
 */
class WebTransportBrowserIT {
    private static ChromiumDriver browser;
    private static final DevCertificate CERT = DevCertificate.generate("localhost", "127.0.0.1");

    private final List<Transport> transports = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private SocketServer server;
    private WebTransportServer wt;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = ChromiumDriver.start();
    }

    @AfterAll
    static void stopBrowser() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void stop() {
        stopServer();
    }

    private void startServer(int port) {
        server = SocketServer.create(ServerOptions.builder()
                .staticContent(StaticContent.classpath("/", "wt-page"))
                .pingInterval(Duration.ofSeconds(5))
                .build());
        server.onConnection(socket -> {
            transports.add(socket.transport());
            socket.on("echo", (event, ack) -> {
                received.add(event.getString(0) + ":" + event.getBytes(1).length);
                byte[] b = event.getBytes(1);
                byte[] doubled = new byte[b.length];
                for (int i = 0; i < b.length; i++) {
                    doubled[i] = (byte) (b[i] * 2);
                }
                ack.send("echo " + event.getString(0), doubled);
            });
            socket.on("ask-me", (event, ack) -> socket.emitWithAck("server-ask", (Object) new byte[]{1, 2, 3, (byte) 250})
                    .whenComplete((reply, err) -> socket.emit("asked", err == null ? reply.get(0) : err.toString())));
        });
        InetSocketAddress bound = server.listen("127.0.0.1", port).join();
        wt = WebTransportServer.start(server, WebTransportOptions.builder().tls(CERT.tlsOptions()).build()).join();
        assertThat(wt.address().getPort()).isEqualTo(bound.getPort());
    }

    private void stopServer() {
        if (server != null) {
            server.close().orTimeout(10, TimeUnit.SECONDS).join();
            server = null;
        }
        if (wt != null) {
            wt.close().orTimeout(10, TimeUnit.SECONDS).join();
            wt = null;
        }
    }

    @Test
    void webTransportOnlyExchangesEventsAndSurvivesARestart() throws Exception {
        int port = freePort();
        startServer(port);
        openPage(port, "webtransport");
        browser.waitFor("socket.connected && transportName() === 'webtransport'", Duration.ofSeconds(20));
        assertThat(transports).containsExactly(Transport.WEBTRANSPORT);
        exchange();

        stopServer();
        mark("server stopped");
        browser.waitFor("!socket.connected", Duration.ofSeconds(20));
        startServer(port);
        mark("server started");
        browser.waitFor("socket.connected && connects === 2 && transportName() === 'webtransport'",
                Duration.ofSeconds(30));
        assertThat(transports).containsExactly(Transport.WEBTRANSPORT, Transport.WEBTRANSPORT);
        exchange();
    }

    @Test
    void pollingUpgradesToWebTransport() throws Exception {
        int port = freePort();
        startServer(port);
        openPage(port, "polling,webtransport");
        browser.waitFor("socket.connected && transportName() === 'webtransport'", Duration.ofSeconds(20));
        assertThat(transports).containsExactly(Transport.POLLING);
        assertThat(server.of("/").fetchSockets().join()).isNotEmpty();
        exchange();
        JsonNode events = browser.eval("JSON.stringify(window.events)");
        assertThat(events.asText()).contains("connect polling", "upgrade webtransport");
    }

    /** Client → server with an ack (text and binary both ways), then server → client with an ack. */
    private void exchange() {
        browser.eval("window.ack = null; void socket.emit('echo', 'hi', new Uint8Array([1, 2, 3]), (text, bytes) =>"
                + " { window.ack = text + ':' + Array.from(new Uint8Array(bytes)).join(','); })");
        browser.waitFor("window.ack !== null", Duration.ofSeconds(10));
        assertThat(browser.eval("window.ack").asText()).isEqualTo("echo hi:2,4,6");
        browser.eval("window.asked = null; socket.once('asked', (r) => { window.asked = r.sum + ':'"
                + " + Array.from(new Uint8Array(r.reversed)).join(','); }); void socket.emit('ask-me')");
        browser.waitFor("window.asked !== null", Duration.ofSeconds(10));
        assertThat(browser.eval("window.asked").asText()).isEqualTo("256:250,3,2,1");
    }

    /** Adds a line to the page's events (which a failed wait prints), with the page's clock. */
    private static void mark(String what) {
        browser.eval("void events.push('test: " + what + " @' + Math.round(performance.now()))");
    }

    private void openPage(int port, String transports) {
        String hash = java.net.URLEncoder.encode(CERT.sha256Base64(), java.nio.charset.StandardCharsets.UTF_8);
        browser.open("http://127.0.0.1:" + port + "/index.html?hash=" + hash
                + (transports == null ? "" : "&transports=" + transports));
    }

    /** A port free for both TCP and UDP on the loopback. */
    static int freePort() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, lo)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket ignored = new DatagramSocket(new InetSocketAddress(lo, port))) {
                    return port;
                } catch (java.net.SocketException e) {
                    // taken for UDP: try another
                }
            }
        }
        throw new IllegalStateException("no port free for TCP and UDP");
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
