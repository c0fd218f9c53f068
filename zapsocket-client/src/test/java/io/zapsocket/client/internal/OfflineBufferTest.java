package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.OverflowPolicy;
import io.zapsocket.client.SendBufferFullException;
import io.zapsocket.protocol.AckTimeoutException;
import io.zapsocket.protocol.ConnectionClosedException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The bounded offline send buffer: limits, overflow policies, flush order, ack timers while buffered. */
class OfflineBufferTest extends FakeServerSupport {

    /** Connects {@code /} after the test buffered its emits (the handshake was held until now). */
    private String connectAndCollectPosts(int expectedEvents) throws Exception {
        handshake();
        FakeServer.Exchange connect = fake.nextPost();
        assertThat(connect.body).isEqualTo("40");
        connect.ok();
        fake.nextGet().respond("40{\"sid\":\"abc\"}");
        StringBuilder bodies = new StringBuilder();
        int seen = 0;
        while (seen < expectedEvents) {
            FakeServer.Exchange post = fake.nextPost();
            bodies.append(bodies.length() > 0 ? "\u001e" : "").append(post.body);
            seen += post.body.split("\u001e").length;
            post.ok();
        }
        return bodies.toString().replace('\u001e', '|');
    }

    @Test
    void rejectRefusesEmitsBeyondTheLimitAndTheRestIsFlushedInOrder() throws Exception {
        DefaultSocketClient c = client(options().sendBufferSize(2).overflowPolicy(OverflowPolicy.REJECT).build());
        ClientSocket s = c.socket("/").connect(); // handshake held: offline

        CompletableFuture<Void> a = s.emit("ev", "a");
        CompletableFuture<Void> b = s.emit("ev", "b");
        CompletableFuture<Void> refused = s.emit("ev", "c");

        assertThat(failure(refused)).isInstanceOf(SendBufferFullException.class).hasMessageContaining("full (2");
        assertThat(s.bufferedCount()).isEqualTo(2);
        assertThat(connectAndCollectPosts(2)).isEqualTo("42[\"ev\",\"a\"]|42[\"ev\",\"b\"]");
        await(a);
        await(b);
    }

    @Test
    void dropOldestFailsTheOldestAndKeepsTheNewest() throws Exception {
        DefaultSocketClient c = client(options().sendBufferSize(2).overflowPolicy(OverflowPolicy.DROP_OLDEST)
                .build());
        ClientSocket s = c.socket("/").connect();

        CompletableFuture<Void> a = s.emit("ev", "a");
        CompletableFuture<Void> b = s.emit("ev", "b");
        CompletableFuture<Void> c3 = s.emit("ev", "c");

        assertThat(failure(a)).isInstanceOf(SendBufferFullException.class).hasMessageContaining("dropped");
        assertThat(connectAndCollectPosts(2)).isEqualTo("42[\"ev\",\"b\"]|42[\"ev\",\"c\"]");
        await(b);
        await(c3);
    }

    @Test
    void emitsWithAckKeepTheirIdsAndTheAckTimerRunsWhileBuffered() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/").connect();

        CompletableFuture<?> timesOut = s.timeout(Duration.ofMillis(300)).emitWithAck("first");
        CompletableFuture<?> answered = s.timeout(Duration.ofMillis(900)).emitWithAck("second");
        clock.fire(clock.nextRequest(300));

        assertThat(failure(timesOut)).isInstanceOf(AckTimeoutException.class);
        assertThat(connectAndCollectPosts(1)).isEqualTo("421[\"second\"]");
        FakeServer.Exchange poll = fake.nextGet();
        poll.respond("431[\"yes\"]");
        assertThat(await(answered)).hasToString("Args[yes]");
    }

    @Test
    void volatileEmitsAreDroppedNotBuffered() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/").connect();

        CompletableFuture<Void> dropped = s.asVolatile().emit("tick", 1);

        assertThat(failure(dropped)).isInstanceOf(ConnectionClosedException.class).hasMessageContaining("volatile");
        assertThat(s.bufferedCount()).isZero();
    }

    @Test
    void aZeroSizeBufferRefusesEveryOfflineEmit() throws Exception {
        DefaultSocketClient c = client(options().sendBufferSize(0).build());
        ClientSocket s = c.socket("/").connect();

        assertThat(failure(s.emit("ev"))).isInstanceOf(SendBufferFullException.class);
    }
}
