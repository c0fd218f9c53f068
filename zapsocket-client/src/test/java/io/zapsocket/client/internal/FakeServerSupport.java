package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that drive a real client against a {@link FakeServer}, with every timer on a
 * {@link ManualScheduler} (heartbeat, connect timeout, reconnection delay, ack timeouts): nothing depends on elapsed
 * time.
 */
abstract class FakeServerSupport {
    /** Distinct delays, so that tests can tell the timers apart. */
    static final long CONNECT_TIMEOUT = 7_777;
    static final long PING_INTERVAL = 25_000;
    static final long PING_TIMEOUT = 20_000;

    FakeServer fake;
    ManualScheduler clock;
    Recorder events;
    private final List<DefaultSocketClient> clients = new ArrayList<>();

    @BeforeEach
    void startFake() {
        fake = new FakeServer();
        clock = new ManualScheduler();
        events = new Recorder();
    }

    @AfterEach
    void stopFake() {
        // the fake first: requests it holds then fail at once, so the clients' graceful close doesn't wait for them
        fake.close();
        clients.forEach(DefaultSocketClient::close);
    }

    static ClientOptions.Builder options() {
        return ClientOptions.builder().transports(io.zapsocket.protocol.Transport.POLLING)
                .timeout(java.time.Duration.ofMillis(CONNECT_TIMEOUT));
    }

    DefaultSocketClient client(ClientOptions options) {
        return client(fake.url(), options);
    }

    DefaultSocketClient client(String url, ClientOptions options) {
        return client(url, options, () -> 0.5);
    }

    DefaultSocketClient client(String url, ClientOptions options, java.util.function.DoubleSupplier random) {
        DefaultSocketClient c = new DefaultSocketClient(URI.create(url), options, null, clock::bind, random);
        c.addListener(events);
        clients.add(c);
        return c;
    }

    /** Answers the polling handshake GET (asserting it has no sid). */
    void handshake(String... upgrades) throws InterruptedException {
        FakeServer.Exchange hs = fake.nextGet();
        while (hs.param("sid") != null) {
            // a long-poll of a session that is closing (it keeps polling while it flushes): not the handshake
            hs = fake.nextGet();
        }
        assertThat(hs.param("EIO")).isEqualTo("4");
        assertThat(hs.param("transport")).isEqualTo("polling");
        hs.respond(FakeServer.openPacket(PING_INTERVAL, PING_TIMEOUT, upgrades));
    }

    /**
     * Handshake, CONNECT of {@code /} answered with sid {@code abc}; returns the next pending GET (the long-poll
     * the test answers with server packets).
     */
    FakeServer.Exchange connectMain(ClientSocket socket) throws InterruptedException {
        events.record(socket);
        socket.connect();
        handshake();
        FakeServer.Exchange connect = fake.nextPost();
        assertThat(connect.body).isEqualTo("40");
        assertThat(connect.param("sid")).isEqualTo("s1");
        connect.ok();
        FakeServer.Exchange poll = fake.nextGet();
        assertThat(poll.param("sid")).isEqualTo("s1");
        poll.respond("40{\"sid\":\"abc\"}");
        assertThat(events.await("connect")).isEqualTo("abc");
        return fake.nextGet();
    }

    /** Waits (10 s at most) for a state that is published asynchronously, e.g. a mirror of loop state. */
    static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    /**
     * Waits until the tasks queued so far on the client's event loop have run: e.g. an emit has reached the offline
     * buffer. Netty's loop handles I/O before queued tasks, so an answer sent after an emit can reach the client
     * before the emit does.
     */
    static void awaitLoop(DefaultSocketClient c) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        c.runOnLoop(ran::countDown, ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).as("the client's loop ran the queued tasks").isTrue();
    }

    static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            Object v = f.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
