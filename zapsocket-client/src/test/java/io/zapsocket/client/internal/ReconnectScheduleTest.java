package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.TransportException;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconnection schedule on a manual clock: exact JavaScript backoff delays, events, the attempt limit. */
class ReconnectScheduleTest extends FakeServerSupport {

    private static String closedPortUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return "http://127.0.0.1:" + port;
    }

    @Test
    void failedAttemptsAreRescheduledWithTheJavaScriptBackoffUntilTheLimit() throws Exception {
        double[] randoms = {0.1, 0.6, 0.35, 0.9};
        int[] next = {0};
        DefaultSocketClient c = client(closedPortUrl(), options().reconnectionAttempts(4)
                .reconnectionDelay(Duration.ofMillis(1000)).reconnectionDelayMax(Duration.ofMillis(5000))
                .randomizationFactor(0.5).build(), () -> randoms[next[0]++]);
        ClientSocket s = events.record(c.socket("/"));

        s.connect();
        List<Long> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(events.awaitError("connect_error")).isInstanceOf(TransportException.class);
            ManualScheduler.Task retry = clock.nextRequestExcept(CONNECT_TIMEOUT);
            delays.add(retry.delay);
            clock.fire(retry);
            assertThat(events.await("reconnect_attempt")).isEqualTo(attempt);
            assertThat(events.awaitError("reconnect_error")).isInstanceOf(TransportException.class)
                    .hasMessageContaining("cannot connect");
        }

        events.await("reconnect_failed");
        // 1000*2^n, +/- floor(r*0.5*ms) by the parity of floor(r*10), capped at 5000 (see BackoffTest)
        assertThat(delays).containsExactly(1050L, 1400L, 4700L, 5000L);
        assertThat(events.history("connect_error")).hasSize(5);
        assertThat(s.active()).as("gave up: inactive until connect()").isFalse();
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void aSuccessfulAttemptFiresReconnectAndResetsTheBackoff() throws Exception {
        DefaultSocketClient c = client(options().reconnectionDelay(Duration.ofMillis(100))
                .reconnectionDelayMax(Duration.ofMillis(1000)).randomizationFactor(0).build());
        ClientSocket s = c.socket("/");
        FakeServer.Exchange poll = connectMain(s);

        poll.respond("1"); // the server closes the session
        assertThat(events.await("disconnect")).hasToString("transport close");
        ManualScheduler.Task first = clock.nextRequestExcept(CONNECT_TIMEOUT, PING_INTERVAL + PING_TIMEOUT);
        clock.fire(first);
        assertThat(events.await("reconnect_attempt")).isEqualTo(1);
        fake.nextGet().respond(500, "text/plain", "down"); // attempt 1 fails
        assertThat(events.awaitError("reconnect_error")).hasMessageContaining("HTTP 500");
        ManualScheduler.Task second = clock.nextRequestExcept(CONNECT_TIMEOUT);
        clock.fire(second);
        assertThat(events.await("reconnect_attempt")).isEqualTo(2);
        handshake();

        assertThat(events.await("reconnect")).isEqualTo(2);
        assertThat(List.of(first.delay, second.delay)).containsExactly(100L, 200L);
        FakeServer.Exchange connect = fake.nextPost();
        assertThat(connect.body).isEqualTo("40");
    }

    @Test
    void aDrainNoticeSkipsTheFirstReconnectDelay() throws Exception {
        DefaultSocketClient c = client(options().reconnectionDelay(Duration.ofMillis(5000))
                .reconnectionDelayMax(Duration.ofMillis(10000)).randomizationFactor(0).build());
        ClientSocket s = c.socket("/");
        List<Object> notices = new ArrayList<>();
        s.on(io.zapsocket.client.SocketClient.DRAIN_EVENT, (args, ack) -> notices.add(args.get(0)));
        FakeServer.Exchange poll = connectMain(s);

        // what a draining Zap-Socket server sends before it closes the connection
        poll.respond("42[\"zap:drain\",{\"reason\":\"server draining\",\"reconnect\":\"immediate\"}]");
        fake.nextGet().respond("1");
        assertThat(events.await("disconnect")).hasToString("transport close");
        ManualScheduler.Task first = clock.nextRequestExcept(CONNECT_TIMEOUT, PING_INTERVAL + PING_TIMEOUT);
        assertThat(first.delay).isZero();
        clock.fire(first);
        assertThat(events.await("reconnect_attempt")).isEqualTo(1);
        fake.nextGet().respond(500, "text/plain", "down"); // that node is gone too: back to the usual backoff
        assertThat(events.awaitError("reconnect_error")).hasMessageContaining("HTTP 500");
        ManualScheduler.Task second = clock.nextRequestExcept(CONNECT_TIMEOUT);
        assertThat(second.delay).isEqualTo(10000L);
        assertThat(notices).hasSize(1); // also delivered to the application
    }

    @Test
    void withoutADrainNoticeTheFirstReconnectWaits() throws Exception {
        DefaultSocketClient c = client(options().reconnectionDelay(Duration.ofMillis(5000))
                .reconnectionDelayMax(Duration.ofMillis(10000)).randomizationFactor(0).build());
        ClientSocket s = c.socket("/");
        FakeServer.Exchange poll = connectMain(s);

        poll.respond("1");
        assertThat(events.await("disconnect")).hasToString("transport close");
        ManualScheduler.Task first = clock.nextRequestExcept(CONNECT_TIMEOUT, PING_INTERVAL + PING_TIMEOUT);
        assertThat(first.delay).isEqualTo(5000L);
    }

    @Test
    void reconnectionOffMeansNoRetry() throws Exception {
        DefaultSocketClient c = client(closedPortUrl(), options().reconnection(false).build());
        ClientSocket s = events.record(c.socket("/"));

        s.connect();

        assertThat(events.awaitError("connect_error")).isInstanceOf(TransportException.class);
        // the failure was handled on the loop before the listener ran: a reconnection would be scheduled by now
        assertThat(clock.live()).isEmpty();
        assertThat(s.active()).as("no retry: inactive until connect()").isFalse();
    }
}
