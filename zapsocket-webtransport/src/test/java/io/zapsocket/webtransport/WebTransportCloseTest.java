package io.zapsocket.webtransport;

import io.netty.handler.codec.quic.QuicStreamChannel;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing: the {@link SocketServer} first, then the {@link WebTransportServer}, as the README says. A client that
 * comes back between the two (a browser reconnects within a few hundred milliseconds) must not get a session that
 * no one closes, and closing the listener must end its connections at once, not after their idle timeout.
 */
class WebTransportCloseTest {
    private static final DevCertificate CERT = DevCertificate.generate();
    private SocketServer server;
    private WebTransportServer wt;
    private WtTestClient client;

    @BeforeEach
    void start() throws Exception {
        // an idle timeout far longer than the test: only a CONNECTION_CLOSE can end the connection in time
        server = SocketServer.create(ServerOptions.builder().pingInterval(Duration.ofSeconds(25))
                .pingTimeout(Duration.ofSeconds(20)).build());
        server.listen("127.0.0.1", 0).join();
        wt = WebTransportServer.start(server, WebTransportOptions.builder().port(0).tls(CERT.tlsOptions()).build())
                .join();
        client = new WtTestClient(new InetSocketAddress("127.0.0.1", wt.address().getPort()), CERT);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close().orTimeout(10, TimeUnit.SECONDS).join();
        wt.close().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void aSessionOpenedAfterTheServerClosedIsRefused() throws Exception {
        server.close().orTimeout(10, TimeUnit.SECONDS).join(); // the WebTransport listener is still there

        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        QuicStreamChannel connect = client.session(events);
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        client.stream(WtTestClient.wtStream(connect.streamId(), WtTestClient.text("0")), in);

        assertThat(events.poll(5, TimeUnit.SECONDS)).as("the session ends").isEqualTo("fin");
        assertThat(String.join("", in)).doesNotContain("\"sid\"");
        assertThat(server.stats().connections()).isZero();
    }

    @Test
    void closingTheListenerEndsItsConnectionsAtOnce() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        QuicStreamChannel connect = client.session(events);
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        client.stream(WtTestClient.wtStream(connect.streamId(), WtTestClient.text("0")), in);
        assertThat(in.poll(5, TimeUnit.SECONDS)).contains("0{\"sid\"");
        CompletableFuture<Void> closed = client.closed();

        server.close().orTimeout(10, TimeUnit.SECONDS).join();
        wt.close().orTimeout(10, TimeUnit.SECONDS).join();

        closed.get(3, TimeUnit.SECONDS);
    }
}
