package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.server.Handshake;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A socket creates its listeners, {@code data()} map and ack map on first use (to keep idle sockets small): they
 * must behave as if they had always been there, whichever thread uses them first.
 */
class SocketLazyStateTest {
    private final DefaultSocketServer server = new DefaultSocketServer(ServerOptions.DEFAULT);
    private final List<FakeEngineSession> sessions = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        server.close().join();
        sessions.forEach(FakeEngineSession::shutdownLoop);
    }

    private ServerSocket connect(FakeEngineSession[] client) {
        AtomicReference<ServerSocket> socket = new AtomicReference<>();
        server.onConnection(socket::set);
        FakeEngineSession s = FakeEngineSession.open(server);
        sessions.add(s);
        s.receive("0");
        s.nextStartingWith("0{\"sid\":");
        await().until(() -> socket.get() != null);
        client[0] = s;
        return socket.get();
    }

    /** Runs {@code body(i)} for i in [0, threads) on as many threads, released together; waits for all. */
    private static void concurrently(int threads, IntConsumer body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int tt = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                body.accept(tt);
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
    }

    @Test
    void listenersRegisteredConcurrentlyFromManyThreadsAreAllKept() throws InterruptedException {
        FakeEngineSession[] client = new FakeEngineSession[1];
        ServerSocket socket = connect(client);
        List<String> calls = new CopyOnWriteArrayList<>();
        int threads = 8;
        int perThread = 50;
        concurrently(threads, tt -> {
            for (int i = 0; i < perThread; i++) {
                String event = "e" + (i % 5);
                socket.on(event, (args, ack) -> calls.add(event + " " + tt));
            }
            socket.onDisconnect((reason, description) -> calls.add("disconnect " + tt));
        });
        client[0].receive("2[\"e3\"]");
        await().until(() -> calls.size() == threads * perThread / 5);
        assertThat(calls).allMatch(c -> c.startsWith("e3 "));
        calls.clear();
        client[0].receive("1");
        await().until(() -> calls.size() == threads);
        assertThat(calls).allMatch(c -> c.startsWith("disconnect "));
    }

    @Test
    void offRemovesOneRegistrationAtATimeInOrder() {
        FakeEngineSession[] client = new FakeEngineSession[1];
        ServerSocket socket = connect(client);
        List<String> calls = new CopyOnWriteArrayList<>();
        EventHandler a = (args, ack) -> calls.add("a");
        EventHandler b = (args, ack) -> calls.add("b");
        socket.on("x", a).on("x", b).on("x", a).on("y", b);
        client[0].receive("2[\"x\"]");
        await().until(() -> calls.size() == 3);
        assertThat(calls).containsExactly("a", "b", "a");

        calls.clear();
        socket.off("x", a).off("y", b).off("y", b).off("z", a);
        client[0].receive("2[\"x\"]");
        client[0].receive("2[\"y\"]");
        client[0].receive("2[\"x\"]");
        await().until(() -> calls.size() == 4);
        assertThat(calls).containsExactly("b", "a", "b", "a");

        calls.clear();
        socket.off("x", a).off("x", a).off("x", b);
        socket.on("x", b);
        client[0].receive("2[\"x\"]");
        await().until(() -> calls.size() == 1);
        assertThat(calls).containsExactly("b");
    }

    @Test
    void dataIsOneMapWhoeverAsksFirstAndSurvivesInSnapshots() throws InterruptedException {
        FakeEngineSession[] client = new FakeEngineSession[1];
        ServerSocket socket = connect(client);
        assertThat(((DefaultServerSocket) socket).snapshot().data()).isEmpty(); // reading a snapshot does not need the map
        List<ConcurrentMap<String, Object>> seen = new CopyOnWriteArrayList<>();
        concurrently(8, tt -> {
            ConcurrentMap<String, Object> d = socket.data();
            d.put("k" + tt, tt);
            seen.add(d);
        });
        // one map, whichever thread created it
        assertThat(seen).hasSize(8).allMatch(d -> d == socket.data());
        assertThat(socket.data()).hasSize(8);
        assertThat(((DefaultServerSocket) socket).snapshot().data()).containsEntry("k3", 3);
        assertThat(Map.copyOf(socket.data())).isEqualTo(((DefaultServerSocket) socket).snapshot().data());
    }

    @Test
    void theHandshakeIsBuiltOnceOnDemandAndTheCloseFutureCompletesWhenEverItIsAskedFor() throws Exception {
        FakeEngineSession[] client = new FakeEngineSession[1];
        ServerSocket socket = connect(client);
        Handshake h = socket.handshake();
        assertThat(socket.handshake()).isSameAs(h);
        assertThat(h.auth()).isEmpty();
        h.auth().put("user", "ann"); // an empty auth is a map of its own, kept with the handshake
        assertThat(socket.handshake().auth()).containsEntry("user", "ann");
        assertThat(h.url()).isEqualTo(client[0].request().url());

        client[0].receive("1"); // the client leaves the namespace
        await().until(() -> !socket.connected());
        // asked for only after the close: already complete
        assertThat(socket.closeFuture().get(5, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
    }
}
