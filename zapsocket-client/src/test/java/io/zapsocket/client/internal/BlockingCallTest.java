package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.BlockingOperationException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Blocking on a client future from the client's own event thread fails fast instead of deadlocking. */
class BlockingCallTest extends FakeServerSupport {

    @Test
    void joinInAListenerThrowsBlockingOperationExceptionAtOnce() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        s.on("ask", (args, ack) -> {
            try {
                s.timeout(Duration.ofSeconds(2)).emitWithAck("question").get(2, TimeUnit.SECONDS);
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        });
        FakeServer.Exchange poll = connectMain(s);
        poll.respond("42[\"ask\"]");

        assertThat(thrown.get(5, TimeUnit.SECONDS)).isInstanceOf(BlockingOperationException.class)
                .hasMessageContaining("own thread").hasMessageContaining("thenAccept");
    }

    @Test
    void joinInACompletionStageAndInOnConnectFailsFastToo() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        CompletableFuture<Throwable> inConnect = new CompletableFuture<>();
        s.onConnect(() -> {
            try {
                s.emitWithAck("x").join();
            } catch (Throwable t) {
                inConnect.complete(t);
            }
        });
        FakeServer.Exchange poll = connectMain(s);
        assertThat(inConnect.get(5, TimeUnit.SECONDS)).isInstanceOf(BlockingOperationException.class);

        CompletableFuture<Args> pending = s.emitWithAck("pending");
        CompletableFuture<Throwable> inStage = new CompletableFuture<>();
        // a stage that surely runs on the client's event thread (a stage added to an already complete future would
        // run on the test thread and block it for good): a listener of an event the server sends
        s.on("go", (args, ack) -> {
            try {
                pending.thenApply(a -> a).join(); // a dependent stage is a client future as well
            } catch (Throwable t) {
                inStage.complete(t);
            }
        });
        fake.nextPost().ok();
        poll.respond("42[\"go\"]");
        assertThat(inStage.get(5, TimeUnit.SECONDS)).isInstanceOf(BlockingOperationException.class);
    }

    @Test
    void aCompletedFutureCanBeReadOnTheEventThreadAndOtherThreadsMayBlock() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        FakeServer.Exchange poll = connectMain(s);
        CompletableFuture<Args> f = s.emitWithAck("q");
        fake.nextPost().ok();
        CompletableFuture<String> readInListener = new CompletableFuture<>();
        f.thenRun(() -> readInListener.complete(f.join().getString(0))); // done: no blocking, allowed
        poll.respond("430[\"a\"]");
        assertThat(f.get(5, TimeUnit.SECONDS).getString(0)).isEqualTo("a"); // the test thread may block
        assertThat(readInListener.get(5, TimeUnit.SECONDS)).isEqualTo("a");
    }
}
