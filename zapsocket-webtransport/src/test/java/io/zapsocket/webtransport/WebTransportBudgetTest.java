package io.zapsocket.webtransport;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox budget over WebTransport: a client that stops reading lets the server fill its stream's flow-control
 * window (1 MiB here), after which the stream is not writable and what the server emits waits in the session's
 * outbox; past {@code maxBufferedBytes} the session is closed as a slow client, as over a WebSocket. And the
 * listener's own bounds: {@code maxQuicConnections} and {@code maxSessionsPerConnection}.
 */
class WebTransportBudgetTest {
    @Test
    void aClientThatStopsReadingIsDisconnectedAsASlowClient() throws Exception {
        DevCertificate cert = DevCertificate.generate();
        BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();
        SocketServer server = SocketServer.create(ServerOptions.builder().maxBufferedBytes(256 * 1024).build());
        String chunk = "x".repeat(10_000);
        server.onConnection(socket -> {
            socket.onDisconnect((reason, description) -> disconnects.add(reason.wireName()));
            socket.on("flood", (event, ack) -> {
                for (int i = 0; i < 300; i++) {
                    socket.emit("data", chunk);
                }
            });
        });
        server.listen("127.0.0.1", 0).join();
        WebTransportServer wt = WebTransportServer.start(server, WebTransportOptions.builder().port(0)
                .tls(cert.tlsOptions()).build()).join();
        try (WtTestClient client = new WtTestClient(new InetSocketAddress("127.0.0.1", wt.address().getPort()),
                cert)) {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            QuicStreamChannel connect = client.connect("/socket.io/", null, events);
            assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("status 200");
            BlockingQueue<String> in = new LinkedBlockingQueue<>();
            QuicStreamChannel s = client.stream(WtTestClient.wtStream(connect.streamId(), WtTestClient.text("0")),
                    in);
            assertThat(in.poll(5, TimeUnit.SECONDS)).contains("0{\"sid\"");
            s.writeAndFlush(Unpooled.wrappedBuffer(WtTestClient.text("40"))).sync();
            assertThat(in.poll(5, TimeUnit.SECONDS)).contains("40{\"sid\"");
            s.config().setAutoRead(false); // from now on the client reads nothing
            s.writeAndFlush(Unpooled.wrappedBuffer(WtTestClient.text("42[\"flood\"]"))).sync();
            assertThat(disconnects.poll(10, TimeUnit.SECONDS)).isEqualTo("slow client");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().connections() == 0);
        } finally {
            server.close().get(10, TimeUnit.SECONDS);
            wt.close().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void maxQuicConnectionsAndMaxSessionsPerConnectionHold() throws Exception {
        DevCertificate cert = DevCertificate.generate();
        SocketServer server = SocketServer.create(ServerOptions.builder().build());
        server.listen("127.0.0.1", 0).join();
        WebTransportServer wt = WebTransportServer.start(server, WebTransportOptions.builder().port(0)
                .maxQuicConnections(1).maxSessionsPerConnection(1).tls(cert.tlsOptions()).build()).join();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", wt.address().getPort());
        try (WtTestClient first = new WtTestClient(address, cert)) {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            first.connect("/socket.io/", null, events);
            assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("status 200");
            BlockingQueue<String> events2 = new LinkedBlockingQueue<>();
            first.connect("/socket.io/", null, events2);
            assertThat(events2.poll(5, TimeUnit.SECONDS)).isEqualTo("status 429");
            WtTestClient second;
            try {
                second = new WtTestClient(address, cert);
            } catch (Exception e) {
                second = null; // closed during its handshake: refused as well
            }
            if (second != null) {
                try (WtTestClient s = second) {
                    s.closed().get(5, TimeUnit.SECONDS);
                }
            }
            assertThat(wt.connections()).isEqualTo(1);
        } finally {
            server.close().get(10, TimeUnit.SECONDS);
            wt.close().get(10, TimeUnit.SECONDS);
        }
        assertThat(wt.connections()).isZero();
    }
}
