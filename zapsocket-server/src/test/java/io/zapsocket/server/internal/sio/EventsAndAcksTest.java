package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.AckTimeoutException;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.ConnectionClosedException;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EventsAndAcksTest {
    private DefaultSocketServer server = new DefaultSocketServer(ServerOptions.DEFAULT);
    private final List<FakeEngineSession> sessions = new CopyOnWriteArrayList<>();
    private ExecutorService executor;

    @AfterEach
    void tearDown() {
        server.close().join();
        sessions.forEach(FakeEngineSession::shutdownLoop);
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private FakeEngineSession connect() {
        FakeEngineSession s = FakeEngineSession.open(server);
        sessions.add(s);
        s.receive("0");
        s.nextStartingWith("0{\"sid\":");
        return s;
    }

    record Todo(String title, int version) {
    }

    @Test
    void eventArgumentsArriveDecodedAndAckIsSentOnce() {
        server.onConnection(s -> s.on("message-with-ack", (args, ack) -> {
            ack.send(args.toArray());
            ack.send("ignored second answer");
        }));
        FakeEngineSession client = connect();

        client.receive("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");

        assertThat(client.next()).isEqualTo("3456[1,\"2\",{\"3\":[false]}]");
        client.assertNothingSent(50);
    }

    @Test
    void binaryEventIsReassembledAndBinaryAckIsEncodedWithPlaceholders() {
        server.onConnection(s -> s.on("bin", (args, ack) -> ack.send(args.getBytes(0), Map.of("b", args.getBytes(1)))));
        FakeEngineSession client = connect();

        client.receive("52-789[\"bin\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        client.receiveBinary(new byte[] {0, 1, 2});
        client.receiveBinary(new byte[] {4, 5, 6});

        assertThat(client.next()).isEqualTo(
                "62-789[{\"_placeholder\":true,\"num\":0},{\"b\":{\"_placeholder\":true,\"num\":1}}]");
        assertThat(client.next()).isEqualTo("bin:000102");
        assertThat(client.next()).isEqualTo("bin:040506");
    }

    @Test
    void aThrowingHandlerIsReportedAndTheOthersStillRun() {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicInteger secondRan = new AtomicInteger();
        server.onError((socket, e) -> errors.add(e));
        server.onConnection(s -> {
            s.on("ev", (args, ack) -> {
                throw new IllegalStateException("boom");
            });
            s.on("ev", (args, ack) -> secondRan.incrementAndGet());
        });
        FakeEngineSession client = connect();

        client.receive("2[\"ev\"]");
        client.receive("2[\"ev\"]");

        await().until(() -> secondRan.get() == 2);
        assertThat(errors).hasSize(2).allMatch(e -> e.getMessage().equals("boom"));
        assertThat(client.isClosedNow()).isFalse();
    }

    @Test
    void typedHandlerBindsRecords() {
        CompletableFuture<Todo> got = new CompletableFuture<>();
        server.onConnection(s -> s.on("todo", Todo.class, (todo, ack) -> {
            got.complete(todo);
            ack.send("ok");
        }));
        FakeEngineSession client = connect();

        client.receive("21[\"todo\",{\"title\":\"milk\",\"version\":3,\"extra\":true}]");

        assertThat(got.join()).isEqualTo(new Todo("milk", 3));
        assertThat(client.next()).isEqualTo("31[\"ok\"]");
    }

    @Test
    void serverEmitEncodesLikeJsonStringifyAndBinaryAnywhere() {
        CompletableFuture<ServerSocket> socket = new CompletableFuture<>();
        server.onConnection(socket::complete);
        FakeEngineSession client = connect();

        socket.join().emit("news", 1, 2.5, "x", null, List.of(true), Map.of("k", 1.0));
        assertThat(client.next()).isEqualTo("2[\"news\",1,2.5,\"x\",null,[true],{\"k\":1}]");

        socket.join().emit("file", Map.of("data", ByteBuffer.wrap(new byte[] {9})));
        assertThat(client.next()).isEqualTo("51-[\"file\",{\"data\":{\"_placeholder\":true,\"num\":0}}]");
        assertThat(client.next()).isEqualTo("bin:09");
    }

    @Test
    void reservedEventNamesAreRefused() {
        CompletableFuture<ServerSocket> socket = new CompletableFuture<>();
        server.onConnection(socket::complete);
        connect();

        assertThatThrownBy(() -> socket.join().emit("disconnect")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> socket.join().on("connect", (a, b) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emitWithAckCompletesWithTheClientsAnswer() {
        CompletableFuture<ServerSocket> socket = new CompletableFuture<>();
        server.onConnection(socket::complete);
        FakeEngineSession client = connect();

        CompletableFuture<Args> answer = socket.join().emitWithAck("question", 42);
        String sent = client.next();
        assertThat(sent).matches("2\\d+\\[\"question\",42]");
        String id = sent.substring(1, sent.indexOf('['));
        client.receive("3" + id + "[\"yes\",7]");

        assertThat(answer.join().list()).containsExactly("yes", 7);
    }

    @Test
    void emitWithAckTimesOut() {
        CompletableFuture<ServerSocket> socket = new CompletableFuture<>();
        server.onConnection(socket::complete);
        FakeEngineSession client = connect();

        CompletableFuture<Args> answer = socket.join().timeout(Duration.ofMillis(50)).emitWithAck("q");
        client.next();

        assertThatThrownBy(answer::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(AckTimeoutException.class).hasMessageContaining("operation has timed out");
    }

    @Test
    void pendingAcksFailWhenTheSocketDisconnects() {
        CompletableFuture<ServerSocket> socket = new CompletableFuture<>();
        server.onConnection(socket::complete);
        FakeEngineSession client = connect();

        CompletableFuture<Args> answer = socket.join().emitWithAck("q");
        client.next();
        client.drop("transport close");

        assertThatThrownBy(answer::join).hasCauseInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void catchAllListenersSeeIncomingAndOutgoingEvents() {
        List<String> in = new CopyOnWriteArrayList<>();
        List<String> out = new CopyOnWriteArrayList<>();
        CompletableFuture<ServerSocket> socket = new CompletableFuture<>();
        server.onConnection(s -> {
            s.onAny((event, args) -> in.add(event + args.list()));
            s.onAnyOutgoing((event, args) -> out.add(event + args.list()));
            socket.complete(s);
        });
        FakeEngineSession client = connect();

        client.receive("2[\"a\",1]");
        socket.join().emit("b", 2);
        client.next();

        await().until(() -> in.size() == 1 && out.size() == 1);
        assertThat(in).containsExactly("a[1]");
        assertThat(out).containsExactly("b[2]");
    }

    @Test
    void packetMiddlewareCanRejectAnEvent() {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        server.onConnection(s -> {
            s.use((packet, next) -> {
                if ("forbidden".equals(packet.get(0))) {
                    next.fail("not allowed");
                } else {
                    next.proceed();
                }
            });
            s.onError((sock, e) -> errors.add(e));
            s.on("forbidden", (a, ack) -> handled.add("forbidden"));
            s.on("fine", (a, ack) -> handled.add("fine"));
        });
        FakeEngineSession client = connect();

        client.receive("2[\"forbidden\"]");
        client.receive("2[\"fine\"]");

        await().until(() -> handled.contains("fine"));
        assertThat(handled).containsExactly("fine");
        assertThat(errors).singleElement().extracting(Throwable::getMessage).isEqualTo("not allowed");
    }

    @Test
    void handlersOnAnExecutorKeepPerSocketOrder() {
        executor = Executors.newFixedThreadPool(4);
        server.close().join();
        server = new DefaultSocketServer(ServerOptions.builder().handlerExecutor(executor).build());
        List<Integer> seen = new CopyOnWriteArrayList<>();
        server.onConnection(s -> s.on("n", (args, ack) -> {
            if (args.getInt(0) % 7 == 0) {
                Thread.sleep(2);
            }
            seen.add(args.getInt(0));
        }));
        FakeEngineSession client = connect();

        for (int i = 0; i < 200; i++) {
            client.receive("2[\"n\"," + i + "]");
        }

        await().until(() -> seen.size() == 200);
        for (int i = 0; i < 200; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }
}
