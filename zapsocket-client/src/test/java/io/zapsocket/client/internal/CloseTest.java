package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientResources;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.ConnectionClosedException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code close()}: every thread and socket of the client released, everything pending failed, idempotent. */
class CloseTest extends FakeServerSupport {

    private static Set<Thread> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("zapsocket-client"))
                .collect(Collectors.toSet());
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    @Test
    void closeReleasesEveryThreadTheClientStarted(@TempDir Path dir) throws Exception {
        Set<Thread> before = clientThreads();
        Set<Thread> allBefore = liveThreads();
        // a host name: resolved on the client's DNS thread, which must end too
        SocketClient c = SocketClient.create("http://localhost:" + fake.port(), ClientOptions.builder()
                .transports(Transport.POLLING)
                .retries(1).ackTimeout(Duration.ofSeconds(5)).persistentQueue(dir.resolve("q.log")).build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();
        handshake();
        fake.nextPost().ok();
        fake.nextGet().respond("40{\"sid\":\"abc\"}");
        events.await("connect");
        s.emit("persisted", 1); // starts the store's writer thread
        fake.nextPost(); // left unanswered
        Set<Thread> started = clientThreads();
        started.removeAll(before);
        assertThat(started).extracting(Thread::getName).anyMatch(n -> n.startsWith("zapsocket-client-io"))
                .anyMatch(n -> n.startsWith("zapsocket-client-events")).anyMatch(n -> n.equals("zapsocket-client-store"));
        assertThat(started).allMatch(Thread::isDaemon);

        fake.nextGet(); // the pending long-poll, left unanswered
        c.close();

        // right after close() returns, not eventually: close() waits for the threads themselves
        assertThat(started).noneMatch(Thread::isAlive);
        Set<Thread> newThreads = liveThreads();
        newThreads.removeAll(allBefore);
        assertThat(newThreads).extracting(Thread::getName)
                .as("no thread of the client or of Netty (GlobalEventExecutor is not a daemon) outlives close()")
                .noneMatch(n -> n.startsWith("zapsocket-client") || n.startsWith("globalEventExecutor"));
        assertThat(events.await("disconnect")).isEqualTo(DisconnectReason.IO_CLIENT_DISCONNECT);
    }

    @Test
    void closeSendsTheDisconnectAndTheEngineCloseThenFailsWhatIsPending() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        connectMain(s);
        CompletableFuture<?> pending = s.emitWithAck("never-answered");
        FakeServer.Exchange post = fake.nextPost();
        post.ok();

        CompletableFuture<Void> closed = c.closeAsync();

        FakeServer.Exchange disconnect = fake.nextPost();
        assertThat(disconnect.body).isEqualTo("41");
        disconnect.ok();
        FakeServer.Exchange close = fake.nextPost();
        assertThat(close.body).isEqualTo("1");
        close.ok();
        await(closed);
        assertThat(failure(pending)).isInstanceOf(ConnectionClosedException.class);
        assertThat(c.closeAsync()).isSameAs(closed);
        assertThat(failure(s.emit("after-close"))).isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void clientsOnSharedResourcesLeaveTheThreadsToTheirOwner() throws Exception {
        try (ClientResources resources = ClientResources.create(2)) {
            SocketClient a = SocketClient.create(fake.url(), options().build(), resources);
            SocketClient b = SocketClient.create(fake.url(), options().build(), resources);
            a.close();
            b.close();
            assertThat(resources.isClosed()).isFalse();
            List<String> io = clientThreads().stream().map(Thread::getName)
                    .filter(n -> n.startsWith("zapsocket-client-io")).toList();
            assertThat(io).isNotNull();
        }
    }

    @Test
    void closingSharedResourcesEndsTheirThreadsBeforeReturning() throws Exception {
        Set<Thread> allBefore = liveThreads();
        ClientResources resources = ClientResources.create(2);
        SocketClient a = SocketClient.create(fake.url(), options().build(), resources);
        a.socket("/").connect();
        handshake();
        a.close();
        resources.close();

        Set<Thread> newThreads = liveThreads();
        newThreads.removeAll(allBefore);
        assertThat(newThreads).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("zapsocket-client") || n.startsWith("globalEventExecutor"));
        assertThat(resources.isClosed()).isTrue();
    }
}
