package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.server.RateLimit;
import io.zapsocket.server.RateLimitOptions;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private DefaultSocketServer server;
    private final List<FakeEngineSession> sessions = new CopyOnWriteArrayList<>();
    private final List<String> handled = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close().join();
        }
        sessions.forEach(FakeEngineSession::shutdownLoop);
    }

    private FakeEngineSession connect(RateLimitOptions limits, CompletableFuture<ServerSocket> socket) {
        server = new DefaultSocketServer(ServerOptions.builder().rateLimits(limits).build());
        server.onConnection(s -> {
            s.on("chat", (args, ack) -> {
                handled.add("chat:" + args.get(0));
                ack.send("ok");
            });
            s.on("move", (args, ack) -> handled.add("move"));
            socket.complete(s);
        });
        FakeEngineSession c = FakeEngineSession.open(server);
        sessions.add(c);
        c.receive("0");
        c.nextStartingWith("0{");
        return c;
    }

    @Test
    void bucketAllowsBurstThenRefillsAtTheRate() {
        EventRateLimiter limiter = new EventRateLimiter(RateLimitOptions.builder()
                .perSocket(RateLimit.of(2, Duration.ofSeconds(1)).withBurst(3)).build(), 0);

        assertThat(limiter.tryAcquire("a", 0)).isZero();
        assertThat(limiter.tryAcquire("a", 0)).isZero();
        assertThat(limiter.tryAcquire("a", 0)).isZero();
        assertThat(limiter.tryAcquire("a", 0)).isEqualTo(500); // one token every 500 ms
        assertThat(limiter.tryAcquire("a", SECOND / 2)).isZero();
        assertThat(limiter.tryAcquire("a", SECOND / 2)).isPositive();
        assertThat(limiter.tryAcquire("a", 100 * SECOND)).isZero(); // refilled, capped at the burst
        assertThat(limiter.tryAcquire("a", 100 * SECOND)).isZero();
        assertThat(limiter.tryAcquire("a", 100 * SECOND)).isZero();
        assertThat(limiter.tryAcquire("a", 100 * SECOND)).isPositive();
    }

    @Test
    void perEventLimitsOnlyThatEventAndRefusedEventsCostNothing() {
        EventRateLimiter limiter = new EventRateLimiter(RateLimitOptions.builder()
                .perSocket(RateLimit.of(3, Duration.ofHours(1)))
                .perEvent("chat", RateLimit.of(1, Duration.ofHours(1))).build(), 0);

        assertThat(limiter.tryAcquire("chat", 0)).isZero();
        assertThat(limiter.tryAcquire("chat", 0)).isPositive(); // chat bucket empty: socket bucket untouched
        assertThat(limiter.tryAcquire("other", 0)).isZero();
        assertThat(limiter.tryAcquire("other", 0)).isZero();
        assertThat(limiter.tryAcquire("other", 0)).isPositive(); // socket bucket: 3 taken
    }

    @Test
    void rateLimitedEventWithAckIsAnsweredWithAnError() {
        FakeEngineSession client = connect(RateLimitOptions.builder()
                .perEvent("chat", RateLimit.of(1, Duration.ofHours(1))).build(), new CompletableFuture<>());

        client.receive("21[\"chat\",\"a\"]");
        assertThat(client.next()).isEqualTo("31[\"ok\"]");
        client.receive("22[\"chat\",\"b\"]");

        assertThat(client.next()).matches("32\\[\\{\"error\":\"rate limited\",\"event\":\"chat\",\"retryAfterMs\":\\d+}]");
        client.receive("2[\"move\"]"); // other events are not limited
        assertThat(handled).containsExactly("chat:a", "move");
    }

    @Test
    void rateLimitedEventWithoutAckGetsTheErrorEvent() {
        FakeEngineSession client = connect(RateLimitOptions.builder()
                .perSocket(RateLimit.of(1, Duration.ofHours(1))).build(), new CompletableFuture<>());

        client.receive("2[\"move\"]");
        client.receive("2[\"move\"]");

        assertThat(client.next()).matches(
                "2\\[\"rate_limited\",\\{\"error\":\"rate limited\",\"event\":\"move\",\"retryAfterMs\":\\d+}]");
        assertThat(handled).containsExactly("move");
    }

    @Test
    void aFloodIsAnsweredWithOneNoticePerRetryIntervalNotOnePerDroppedEvent() {
        FakeEngineSession client = connect(RateLimitOptions.builder()
                .perSocket(RateLimit.of(1, Duration.ofHours(1))).build(), new CompletableFuture<>());

        for (int i = 0; i < 100; i++) {
            client.receive("2[\"move\"]");
        }
        client.receive("21[\"move\"]"); // an acknowledgement is always answered

        assertThat(client.next()).startsWith("2[\"rate_limited\"");
        assertThat(client.next()).startsWith("31[{\"error\":\"rate limited\"");
        assertThat(handled).containsExactly("move");
    }

    @Test
    void repeatedViolationsDisconnectTheSocket() {
        CompletableFuture<ServerSocket> socket = new CompletableFuture<>();
        FakeEngineSession client = connect(RateLimitOptions.builder()
                .perSocket(RateLimit.of(1, Duration.ofHours(1))).disconnectAfter(2).build(), socket);

        client.receive("2[\"move\"]");
        client.receive("2[\"move\"]");
        client.receive("2[\"move\"]");

        assertThat(client.next()).startsWith("2[\"rate_limited\""); // one notice per retry interval (1 h here)
        assertThat(client.next()).isEqualTo("1");
        assertThat(socket.join().closeFuture().join()).isEqualTo(DisconnectReason.RATE_LIMITED);
        assertThat(client.isClosedNow()).isFalse(); // the connection itself stays
    }

    @Test
    void namespacesPerConnectionAreBounded() {
        server = new DefaultSocketServer(ServerOptions.builder().maxNamespacesPerConnection(2).build());
        server.of("/a");
        server.of("/b");
        FakeEngineSession client = FakeEngineSession.open(server);
        sessions.add(client);

        client.receive("0");
        client.nextStartingWith("0{");
        client.receive("0/a,");
        client.nextStartingWith("0/a,{");
        client.receive("0/b,");

        assertThat(client.next()).isEqualTo("4/b,{\"message\":\"Too many namespaces\"}");
    }

    @Test
    void invalidLimitsAreRefused() {
        assertThatThrownBy(() -> RateLimit.of(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.of(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.of(1, Duration.ofSeconds(1)).withBurst(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerOptions.builder().maxNamespacesPerConnection(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
