package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.AckTimeoutException;
import io.zapsocket.protocol.Args;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * When the ack timeout starts: by default at the emit (offline time counts, as in the JavaScript client), with
 * {@code timeoutAfterWrite} when the packet is written ("deliver when back, then wait N for the ack").
 */
class AckTimeoutStartTest extends FakeServerSupport {

    /** Connects {@code /} after the test buffered its emits; returns the flushed POST body. */
    private String connectAndTakeFlush() throws Exception {
        handshake();
        FakeServer.Exchange connect = fake.nextPost();
        connect.ok();
        fake.nextGet().respond("40{\"sid\":\"abc\"}");
        FakeServer.Exchange post = fake.nextPost();
        post.ok();
        return post.body;
    }

    @Test
    void byDefaultOfflineTimeCountsAndABufferedEmitTimesOutUnsent() throws Exception {
        DefaultSocketClient c = client(options().ackTimeout(Duration.ofMillis(5000)).build());
        ClientSocket s = c.socket("/").connect(); // handshake held: offline
        CompletableFuture<Args> f = s.emitWithAck("offline");

        clock.fire(clock.nextRequest(5000)); // the outage lasts longer than the ack timeout

        assertThat(failure(f)).isInstanceOf(AckTimeoutException.class);
        assertThat(s.bufferedCount()).isZero(); // dropped: never sent
    }

    @Test
    void timeoutAfterWriteWaitsOfflineWithoutDeadlineAndTimesFromTheWrite() throws Exception {
        DefaultSocketClient c = client(options().ackTimeout(Duration.ofMillis(5000)).build());
        ClientSocket s = c.socket("/").connect();
        CompletableFuture<Args> f = s.timeoutAfterWrite(Duration.ofMillis(3000)).emitWithAck("offline");
        awaitTrue("buffered", () -> s.bufferedCount() == 1);
        assertThat(clock.live()).extracting(t -> t.delay).doesNotContain(3000L, 5000L);

        assertThat(connectAndTakeFlush()).isEqualTo("420[\"offline\"]");
        ManualScheduler.Task ackTimer = clock.nextRequest(3000); // started at the write
        assertThat(f).isNotDone();
        clock.fire(ackTimer);
        assertThat(failure(f)).isInstanceOf(AckTimeoutException.class);
    }

    @Test
    void timeoutAfterWriteDeliversWhenBackAndTakesTheAck() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/").connect();
        CompletableFuture<Args> f = s.timeoutAfterWrite(Duration.ofMillis(3000)).emitWithAck("offline", 1);

        assertThat(connectAndTakeFlush()).isEqualTo("420[\"offline\",1]");
        clock.nextRequest(3000);
        fake.nextGet().respond("430[\"ok\"]");
        assertThat(await(f).getString(0)).isEqualTo("ok");
    }

    @Test
    void timeoutAfterWriteWhenConnectedStartsAtOnce() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        connectMain(s);
        CompletableFuture<Args> f = s.timeoutAfterWrite(Duration.ofMillis(1234)).emitWithAck("now");
        fake.nextPost().ok();
        clock.fire(clock.nextRequest(1234));
        assertThat(failure(f)).isInstanceOf(AckTimeoutException.class);
    }
}
