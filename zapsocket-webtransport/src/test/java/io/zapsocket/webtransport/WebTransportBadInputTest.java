package io.zapsocket.webtransport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a WebTransport client that is not a browser can send, against a real listener (paranoid leak detection is on
 * for the whole test run): the answer each input gets, and that nothing stays open afterwards.
 */
class WebTransportBadInputTest {
    private static final DevCertificate CERT = DevCertificate.generate();
    private static SocketServer server;
    private static WebTransportServer wt;
    private static final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();

    private WtTestClient client;

    @BeforeAll
    static void start() {
        server = SocketServer.create(ServerOptions.builder()
                .maxHttpBufferSize(1000)
                .upgradeTimeout(Duration.ofMillis(300))
                .build());
        server.onConnection(socket -> socket.onDisconnect((reason, description) ->
                disconnects.add(socket.transport() + " " + reason.wireName())));
        server.listen("127.0.0.1", 0).join();
        wt = WebTransportServer.start(server, WebTransportOptions.builder().port(0).tls(CERT.tlsOptions()).build())
                .join();
    }

    @AfterAll
    static void stop() {
        server.close().orTimeout(10, TimeUnit.SECONDS).join();
        wt.close().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @BeforeEach
    void connect() throws Exception {
        disconnects.clear();
        client = new WtTestClient(new InetSocketAddress("127.0.0.1", wt.address().getPort()), CERT);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> wt.connections() == 0 && server.stats().connections() == 0);
    }

    @Test
    void aSessionOpensAndTalksSocketIo() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        QuicStreamChannel connect = client.session(events);
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        client.stream(WtTestClient.wtStream(connect.streamId(), WtTestClient.text("0")), in);
        String open = in.poll(5, TimeUnit.SECONDS);
        assertThat(open).contains("0{\"sid\":\"").contains("\"upgrades\":[]").contains("\"maxPayload\":1000");
        assertThat(server.stats().connectionsByTransport()).containsEntry(Transport.WEBTRANSPORT, 1);
    }

    @Test
    void aPacketOverMaxHttpBufferSizeClosesTheSessionWithParseError() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        QuicStreamChannel connect = client.session(events);
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        QuicStreamChannel s = client.stream(WtTestClient.wtStream(connect.streamId(), concat(
                WtTestClient.text("0"), WtTestClient.text("40"))), in);
        assertThat(in.poll(5, TimeUnit.SECONDS)).contains("0{\"sid\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().connections() == 1
                && server.of("/").fetchSockets().join().size() == 1);
        // a 16-bit length of 2000 (> 1000), then some of the payload
        ByteBuf big = Unpooled.buffer().writeByte(126).writeShort(2000).writeBytes(new byte[500]);
        s.writeAndFlush(big).sync();
        assertThat(disconnects.poll(5, TimeUnit.SECONDS)).isEqualTo("webtransport parse error");
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("fin"); // the session (CONNECT stream) ends
    }

    @Test
    void aStreamForNoSessionIsReset() throws Exception {
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        client.stream(WtTestClient.wtStream(1000, WtTestClient.text("0")), in);
        assertThat(in.poll(5, TimeUnit.SECONDS)).isIn("<end>", "<error QuicStreamResetException>");
        assertThat(client.quic.isActive()).as("the connection survives a bad stream").isTrue();
        assertThat(server.stats().connections()).isZero();
    }

    @Test
    void aSessionIdThatIsNoClientBidirectionalStreamClosesTheConnection() throws Exception {
        CompletableFuture<Void> closed = client.closed();
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        client.stream(WtTestClient.wtStream(1001, WtTestClient.text("0")), in); // 1001: a server-initiated uni id
        closed.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSecondStreamOfASessionIsReset() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        QuicStreamChannel connect = client.session(events);
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        client.stream(WtTestClient.wtStream(connect.streamId(), WtTestClient.text("0")), in);
        assertThat(in.poll(5, TimeUnit.SECONDS)).contains("0{\"sid\"");
        BlockingQueue<String> in2 = new LinkedBlockingQueue<>();
        client.stream(WtTestClient.wtStream(connect.streamId(), WtTestClient.text("0")), in2);
        assertThat(in2.poll(5, TimeUnit.SECONDS)).isIn("<end>", "<error QuicStreamResetException>");
        assertThat(server.stats().connections()).isEqualTo(1);
    }

    @Test
    void aSessionThatNeverSendsTheHandshakeIsClosedAfterUpgradeTimeout() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        client.session(events);
        long start = System.nanoTime();
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("fin");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        // and the QUIC connection, left without a session, is closed after its grace period
        client.closed().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFirstPacketThatIsNotOpenClosesTheSession() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        QuicStreamChannel connect = client.session(events);
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        client.stream(WtTestClient.wtStream(connect.streamId(), WtTestClient.text("4hello")), in);
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("fin");
        assertThat(server.stats().connections()).isZero();
    }

    @Test
    void anUpgradeForAnUnknownSidClosesTheSession() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        QuicStreamChannel connect = client.session(events);
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        client.stream(WtTestClient.wtStream(connect.streamId(), WtTestClient.text("0{\"sid\":\"nope\"}")), in);
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("fin");
    }

    @Test
    void aConnectToAnotherPathGets404AndAForbiddenOriginGets403() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        client.connect("/elsewhere/", null, events);
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("status 404");
        BlockingQueue<String> events2 = new LinkedBlockingQueue<>();
        client.connect("/socket.io/", "https://evil.example", events2);
        assertThat(events2.poll(5, TimeUnit.SECONDS)).isEqualTo("status 403");
        BlockingQueue<String> events3 = new LinkedBlockingQueue<>();
        client.connect("/socket.io/?EIO=3", null, events3);
        assertThat(events3.poll(5, TimeUnit.SECONDS)).isEqualTo("status 400");
    }

    @Test
    void malformedHttp3FramesCloseTheConnection() throws Exception {
        CompletableFuture<Void> closed = client.closed();
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        // a DATA frame before any HEADERS on a request stream: H3_FRAME_UNEXPECTED, a connection error
        ByteBuf data = Unpooled.buffer().writeByte(0x00).writeByte(3).writeBytes(new byte[]{1, 2, 3});
        client.stream(data, in);
        closed.get(5, TimeUnit.SECONDS);
        assertThat(server.stats().connections()).isZero();
    }

    @Test
    void aHeadersFrameWithABadFieldSectionClosesTheConnection() throws Exception {
        CompletableFuture<Void> closed = client.closed();
        BlockingQueue<String> in = new LinkedBlockingQueue<>();
        // a HEADERS frame whose QPACK field section names static table entry 104 (the table has 99)
        ByteBuf headers = Unpooled.buffer().writeByte(0x01).writeByte(4).writeBytes(new byte[]{0, 0, (byte) 0xff,
                0x29});
        client.stream(headers, in);
        closed.get(5, TimeUnit.SECONDS); // QPACK_DECOMPRESSION_FAILED is a connection error
        assertThat(server.stats().connections()).isZero();
    }

    @Test
    void thePollingHandshakeListsWebTransportAsAnUpgrade() throws Exception {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create("http://127.0.0.1:"
                + server.address().getPort() + "/socket.io/?EIO=4&transport=polling").toURL().openConnection();
        String open = new String(c.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(open).contains("\"upgrades\":[\"websocket\",\"webtransport\"]");
        // and an HTTP request naming the transport is refused: webtransport only comes over HTTP/3
        java.net.HttpURLConnection bad = (java.net.HttpURLConnection) java.net.URI.create("http://127.0.0.1:"
                + server.address().getPort() + "/socket.io/?EIO=4&transport=webtransport").toURL().openConnection();
        assertThat(bad.getResponseCode()).isEqualTo(400);
        assertThat(new String(bad.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
        // the client closes the polling session ("1"), so that nothing is left open
        String sid = open.replaceAll("(?s).*\"sid\":\"([^\"]+)\".*", "$1");
        java.net.HttpURLConnection close = (java.net.HttpURLConnection) java.net.URI.create("http://127.0.0.1:"
                + server.address().getPort() + "/socket.io/?EIO=4&transport=polling&sid=" + sid).toURL()
                .openConnection();
        close.setRequestMethod("POST");
        close.setDoOutput(true);
        close.getOutputStream().write('1');
        assertThat(close.getResponseCode()).isEqualTo(200);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
