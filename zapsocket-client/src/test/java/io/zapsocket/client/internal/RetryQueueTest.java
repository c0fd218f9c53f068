package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.protocol.Args;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.RetriesExhaustedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once delivery ({@code retries}): one packet in flight per socket, resent with a new id after the ack
 * timeout, completed in order, given up after the limit; interrupted attempts resent after a reconnection; the
 * persistent queue survives a restart. Ack timeouts are fired by hand on the manual clock.
 */
class RetryQueueTest extends FakeServerSupport {
    private static final long ACK_TIMEOUT = 1_234;

    private static ClientOptions.Builder retrying(int retries) {
        return options().retries(retries).ackTimeout(Duration.ofMillis(ACK_TIMEOUT));
    }

    private FakeServer.Exchange expectPost(String body) throws InterruptedException {
        FakeServer.Exchange post = fake.nextPost();
        assertThat(post.body).isEqualTo(body);
        post.ok();
        return post;
    }

    @Test
    void onePacketInFlightResentAfterTheAckTimeoutAndCompletedInOrder() throws Exception {
        DefaultSocketClient c = client(retrying(2).build());
        ClientSocket s = c.socket("/");
        FakeServer.Exchange poll = connectMain(s);
        List<String> completed = new CopyOnWriteArrayList<>();

        CompletableFuture<Void> a = s.emit("seq", "a").thenRun(() -> completed.add("a"));
        CompletableFuture<Args> b = s.emitWithAck("seq", "b");
        b.thenRun(() -> completed.add("b"));

        expectPost("420[\"seq\",\"a\"]");
        clock.fire(clock.nextRequest(ACK_TIMEOUT)); // no ack: resend with a new id
        expectPost("421[\"seq\",\"a\"]");
        poll.respond("431[]");
        await(a);
        expectPost("422[\"seq\",\"b\"]");
        fake.nextGet().respond("432[\"ok-b\"]");

        assertThat(await(b).list()).containsExactly("ok-b");
        assertThat(completed).containsExactly("a", "b");
        assertThat(s.bufferedCount()).isZero();
    }

    @Test
    void aLateAckOfAnEarlierAttemptCountsAsDelivery() throws Exception {
        DefaultSocketClient c = client(retrying(3).build());
        ClientSocket s = c.socket("/");
        FakeServer.Exchange poll = connectMain(s);

        CompletableFuture<Args> a = s.emitWithAck("seq", "a");
        expectPost("420[\"seq\",\"a\"]");
        clock.fire(clock.nextRequest(ACK_TIMEOUT));
        expectPost("421[\"seq\",\"a\"]");
        poll.respond("430[\"late\"]");

        assertThat(await(a).list()).containsExactly("late");
    }

    @Test
    void exhaustedRetriesFailTheFutureAndTheNextPacketGoesOut() throws Exception {
        DefaultSocketClient c = client(retrying(1).build());
        ClientSocket s = c.socket("/");
        FakeServer.Exchange poll = connectMain(s);

        CompletableFuture<Args> a = s.emitWithAck("seq", "a");
        CompletableFuture<Args> b = s.emitWithAck("seq", "b");
        expectPost("420[\"seq\",\"a\"]");
        clock.fire(clock.nextRequest(ACK_TIMEOUT));
        expectPost("421[\"seq\",\"a\"]");
        clock.fire(clock.nextRequest(ACK_TIMEOUT));

        Throwable err = failure(a);
        assertThat(err).isInstanceOf(RetriesExhaustedException.class);
        assertThat(((RetriesExhaustedException) err).attempts()).isEqualTo(2);
        expectPost("422[\"seq\",\"b\"]");
        poll.respond("432[]");
        await(b);
    }

    @Test
    void anAttemptInterruptedByADisconnectionIsResentAfterReconnecting() throws Exception {
        DefaultSocketClient c = client(retrying(1).reconnectionDelay(Duration.ofMillis(10))
                .reconnectionDelayMax(Duration.ofMillis(10)).build());
        ClientSocket s = c.socket("/");
        FakeServer.Exchange poll = connectMain(s);
        CompletableFuture<Args> a = s.emitWithAck("seq", "a");
        expectPost("420[\"seq\",\"a\"]");

        poll.respond("1"); // the server closes the session
        assertThat(events.await("disconnect")).hasToString("transport close");
        clock.fire(clock.nextRequest(10));
        handshake();
        expectPost("40");
        fake.nextGet().respond("40{\"sid\":\"def\"}");

        expectPost("421[\"seq\",\"a\"]"); // not counted as a failed attempt: retries(1) still allows a resend
        fake.nextGet().respond("431[\"ok\"]");
        assertThat(await(a).list()).containsExactly("ok");
    }

    @Test
    void thePersistentQueueSurvivesARestartAndIsSentFirst(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("queue.log");
        ClientOptions opts = retrying(3).persistentQueue(file).build();
        DefaultSocketClient first = client(opts);
        ClientSocket s1 = first.socket("/");
        FakeServer.Exchange poll = connectMain(s1);
        s1.emit("order", 1);
        s1.emit("order", 2, new byte[] {1, 2, 3});
        expectPost("420[\"order\",1]");

        first.close(); // "order 1" in flight, "order 2" queued: neither acknowledged

        fake.close();
        fake = new FakeServer();
        events = new Recorder();
        DefaultSocketClient second = client(opts);
        ClientSocket s2 = second.socket("/");
        s2.onAnyOutgoing((event, args) -> events.add("outgoing", args.list()));
        FakeServer.Exchange poll2 = connectMain(s2);
        expectPost("420[\"order\",1]");
        poll2.respond("430[]");
        FakeServer.Exchange binary = fake.nextPost();
        assertThat(binary.body).isEqualTo("451-1[\"order\",2,{\"_placeholder\":true,\"num\":0}]\u001ebAQID");
        binary.ok();
        fake.nextGet().respond("431[]");

        assertThat(events.await("outgoing")).isEqualTo(List.of(1));
        Object second2 = events.await("outgoing");
        assertThat(((List<?>) second2).get(0)).isEqualTo(2);
        assertThat((byte[]) ((List<?>) second2).get(1)).containsExactly(1, 2, 3);
        awaitTrue("both restored packets acknowledged", () -> s2.bufferedCount() == 0);
        second.close();
        // everything acknowledged: a third client finds nothing to resend
        FileQueueStore store = FileQueueStore.open(file);
        assertThat(store.takeRestored("/")).isEmpty();
        store.close();
        assertThat(Files.readString(file)).isEmpty();
    }
}
