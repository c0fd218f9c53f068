package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.DisconnectReason;

import org.junit.jupiter.api.Test;

/** The heartbeat watchdog on the manual clock: pings are answered, and silence for interval + timeout closes. */
class HeartbeatTest extends FakeServerSupport {
    private static final long WATCHDOG = PING_INTERVAL + PING_TIMEOUT;

    @Test
    void noPingWithinIntervalPlusTimeoutClosesWithPingTimeoutAndReconnects() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        connectMain(s);
        ManualScheduler.Task watchdog = clock.nextRequest(WATCHDOG);

        clock.fire(watchdog);

        assertThat(events.await("disconnect")).isEqualTo(DisconnectReason.PING_TIMEOUT);
        assertThat(events.await("close")).isEqualTo(DisconnectReason.PING_TIMEOUT);
        assertThat(s.connected()).isFalse();
        clock.fire(clock.nextRequestExcept(CONNECT_TIMEOUT, WATCHDOG));
        handshake();
        assertThat(events.await("reconnect")).isEqualTo(1);
    }

    @Test
    void aPingIsAnsweredWithAPongAndRearmsTheWatchdog() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        FakeServer.Exchange poll = connectMain(s);
        ManualScheduler.Task first = clock.nextRequest(WATCHDOG);

        poll.respond("2");

        FakeServer.Exchange pong = fake.nextPost();
        assertThat(pong.body).isEqualTo("3");
        pong.ok();
        events.await("ping");
        ManualScheduler.Task second = clock.nextRequest(WATCHDOG);
        assertThat(first.cancelled).isTrue();
        assertThat(second.cancelled).isFalse();
        assertThat(s.connected()).isTrue();
    }
}
