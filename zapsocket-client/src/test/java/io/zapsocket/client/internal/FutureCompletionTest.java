package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.ConnectErrorException;
import io.zapsocket.client.TransportException;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.ClientClosedException;
import io.zapsocket.protocol.ConnectRefusedException;
import io.zapsocket.protocol.ReconnectFailedException;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Every future the client returns completes, also when the socket will never connect: after
 * {@code reconnect_failed}, with reconnection off, when the namespace refuses (CONNECT_ERROR), when the auth supplier
 * fails, and on close; each with a typed exception that says why.
 */
class FutureCompletionTest extends FakeServerSupport {

    private static String closedPortUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return "http://127.0.0.1:" + port;
    }

    @Test
    void reconnectFailedFailsTheBufferedEmitsAndMakesTheSocketInactive() throws Exception {
        DefaultSocketClient c = client(closedPortUrl(), options().reconnectionAttempts(2)
                .reconnectionDelay(Duration.ofMillis(100)).randomizationFactor(0).build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();
        CompletableFuture<Args> noTimeout = s.emitWithAck("buffered"); // no ackTimeout: only the give-up ends it
        CompletableFuture<Void> plain = s.emit("plain");

        for (int attempt = 1; attempt <= 2; attempt++) {
            events.awaitError("connect_error");
            clock.fire(clock.nextRequestExcept(CONNECT_TIMEOUT));
            assertThat(events.await("reconnect_attempt")).isEqualTo(attempt);
        }
        events.await("reconnect_failed");

        assertThat(s.active()).as("inactive after reconnect_failed, until connect()").isFalse();
        assertThat(failure(noTimeout)).isInstanceOf(ReconnectFailedException.class)
                .hasMessageContaining("reconnection failed after 2 attempts")
                .hasCauseInstanceOf(TransportException.class);
        assertThat(((ReconnectFailedException) failure(plain)).attempts()).isEqualTo(2);
        assertThat(s.bufferedCount()).isZero();
    }

    @Test
    void withReconnectionOffAFailedConnectionFailsTheBufferedEmits() throws Exception {
        DefaultSocketClient c = client(closedPortUrl(), options().reconnection(false).build());
        ClientSocket s = events.record(c.socket("/"));
        // emitted first: a refused connect can fail synchronously, and an emit reaching the loop after the give-up
        // waits for the next connect() (as with reconnection off it should: "emit offline, then connect()")
        CompletableFuture<Args> f = s.emitWithAck("buffered");
        s.connect();

        assertThat(failure(f)).isInstanceOf(ReconnectFailedException.class)
                .hasMessageContaining("reconnection is off");
        assertThat(s.active()).isFalse();
    }

    @Test
    void afterALostConnectionWithReconnectionOffNewEmitsWaitForConnectOrClose() throws Exception {
        DefaultSocketClient c = client(options().reconnection(false).build());
        ClientSocket s = c.socket("/");
        FakeServer.Exchange poll = connectMain(s);
        poll.respond("1"); // the server closes the session
        events.await("disconnect");
        awaitTrue("inactive", () -> !s.active());
        // a new emit on the inactive socket waits for connect() or close(): close ends it
        CompletableFuture<Args> later = s.emitWithAck("later");
        c.closeAsync();
        assertThat(failure(later)).isInstanceOf(ClientClosedException.class);
    }

    @Test
    void aRefusedNamespaceFailsTheBufferedEmitsWithTheRefusalAsCause() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();
        CompletableFuture<Args> f = s.emitWithAck("buffered");
        CompletableFuture<Void> g = s.emit("plain");
        handshake();
        fake.nextPost().ok(); // the CONNECT
        fake.nextGet().respond("44{\"message\":\"not authorized\",\"data\":{\"code\":401}}");

        assertThat(events.awaitError("connect_error")).isInstanceOf(ConnectErrorException.class);
        Throwable why = failure(f);
        assertThat(why).isInstanceOf(ConnectRefusedException.class).hasMessageContaining("not authorized")
                .hasCauseInstanceOf(ConnectErrorException.class);
        assertThat(failure(g)).isInstanceOf(ConnectRefusedException.class);
        assertThat(s.active()).isFalse();
        assertThat(s.bufferedCount()).isZero();
    }

    @Test
    void aFailingAuthSupplierFailsTheBufferedEmits() throws Exception {
        DefaultSocketClient c = client(options().auth(() -> {
            throw new IllegalStateException("token service down");
        }).build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();
        CompletableFuture<Args> f = s.emitWithAck("buffered");
        // buffered before the handshake is answered (the auth supplier runs as soon as it is): an emit reaching the
        // loop after the give-up would wait for the next connect(), as it should
        awaitLoop(c);
        handshake();

        assertThat(failure(f)).isInstanceOf(ConnectRefusedException.class)
                .hasMessageContaining("token service down");
    }

    @Test
    void closeFailsBufferedAndAwaitedEmitsWithClientClosed() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/").connect(); // handshake held: offline
        CompletableFuture<Args> buffered = s.emitWithAck("buffered");
        c.closeAsync();

        assertThat(failure(buffered)).isInstanceOf(ClientClosedException.class);
        assertThat(failure(s.emit("after-close"))).isInstanceOf(ClientClosedException.class)
                .hasMessageContaining("closed");
    }
}
