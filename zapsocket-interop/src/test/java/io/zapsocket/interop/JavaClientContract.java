package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapsocket.protocol.Args;
import io.zapsocket.client.ClientListener;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.protocol.Parser;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.ConnectErrorException;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.client.RetriesExhaustedException;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.AckTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java client ({@code io.zapsocket.client}) against a server running {@code node/CLIENT_IT.md}: transports,
 * upgrade, namespaces over one connection, acks both ways, binary, offline buffer across a restart, reconnection
 * with growing delays, {@code reconnect_failed}, terminal disconnects, at-least-once retries. Subclasses pick the
 * server ({@code ZapJavaClientIT}, {@code NodeJavaClientIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JavaClientContract {
    static final Duration WAIT = ClientRecorder.TIMEOUT;

    protected ClientItServer server;
    private final List<ClientItServer> extraServers = new ArrayList<>();
    private final List<SocketClient> clients = new ArrayList<>();
    protected ClientRecorder rec;

    protected abstract ClientItServer startServer(ClientItServer.Options options) throws Exception;

    /** The packet format of every server and client of the class (the msgpack variants override it). */
    protected Parser parser() {
        return Parser.DEFAULT;
    }

    @BeforeAll
    void startServerOnce() throws Exception {
        server = startServer(ClientItServer.Options.DEFAULTS.withParser(parser()));
    }

    @BeforeEach
    void newRecorder() {
        rec = new ClientRecorder();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SocketClient::close);
        clients.clear();
        extraServers.forEach(ClientItServer::stop);
        extraServers.clear();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
        }
        assertThat(NodeProcesses.liveCount()).as("node processes left running").isZero();
    }

    /** A server of its own for one test (stopped after it), e.g. to stop and restart it. */
    protected ClientItServer extraServer(ClientItServer.Options options) throws Exception {
        ClientItServer s = startServer(options.withParser(parser()));
        extraServers.add(s);
        return s;
    }

    protected SocketClient client(ClientItServer target, ClientOptions options) {
        SocketClient c = SocketClient.create(target.url(), options.toBuilder().parser(parser()).build());
        clients.add(c);
        c.addListener(new ClientListener() {
            @Override
            public void onOpen() {
                rec.add("open", c.transport());
            }

            @Override
            public void onClose(DisconnectReason reason) {
                rec.add("close", reason);
            }

            @Override
            public void onError(Throwable error) {
                rec.add("error", error); // what a close's reason does not say: shown when an await times out
            }

            @Override
            public void onUpgrade(Transport transport) {
                rec.add("upgrade", transport);
            }

            @Override
            public void onReconnectAttempt(int attempt) {
                rec.add("reconnect_attempt", attempt);
            }

            @Override
            public void onReconnect(int attempt) {
                rec.add("reconnect", attempt);
            }

            @Override
            public void onReconnectError(Throwable error) {
                rec.add("reconnect_error", error);
            }

            @Override
            public void onReconnectFailed() {
                rec.add("reconnect_failed", null);
            }
        });
        return c;
    }

    /** Records lifecycle events as {@code <prefix>connect} etc. and the given events as {@code <prefix>event:<name>}. */
    protected ClientSocket recorded(ClientSocket s, String prefix, String... events) {
        s.onConnect(() -> rec.add(prefix + "connect", s.id()));
        s.onDisconnect(reason -> rec.add(prefix + "disconnect", reason));
        s.onConnectError(err -> rec.add(prefix + "connect_error", err));
        for (String e : events) {
            s.on(e, (args, ack) -> rec.add(prefix + "event:" + e, args));
        }
        return s;
    }

    protected static ClientOptions.Builder options() {
        return ClientOptions.builder().reconnectionDelay(Duration.ofMillis(100))
                .reconnectionDelayMax(Duration.ofMillis(400)).randomizationFactor(0);
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("future did not complete within " + WAIT, e);
        }
    }

    static Throwable awaitFailure(CompletableFuture<?> f) {
        try {
            Object v = f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not complete within " + WAIT, e);
        }
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ---- transports ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "polling-then-upgrade"})
    void connectsOnEachTransportAndSendsTheAuthSupplierResult(String mode) {
        AtomicInteger calls = new AtomicInteger();
        ClientOptions.Builder b = options().auth(() -> Map.of("token", "t" + calls.incrementAndGet()));
        switch (mode) {
            case "polling" -> b.transports(Transport.POLLING);
            case "websocket" -> b.transports(Transport.WEBSOCKET);
            default -> { }
        }
        SocketClient c = client(server, b.build());
        ClientSocket s = recorded(c.socket("/"), "", "welcome").connect();

        String id = (String) rec.await("connect").value();
        Args welcome = (Args) rec.await("event:welcome").value();

        assertThat(id).isNotEmpty().isEqualTo(s.id());
        assertThat(welcome.getMap(0)).containsEntry("id", id).containsEntry("auth", Map.of("token", "t1"));
        if (mode.equals("polling-then-upgrade")) {
            assertThat(rec.await("upgrade").value()).isEqualTo(Transport.WEBSOCKET);
        }
        assertThat(c.transport()).isEqualTo(mode.equals("polling") ? Transport.POLLING : Transport.WEBSOCKET);
        assertThat(await(s.emitWithAck("echo", "after", mode)).list()).containsExactly("after", mode);
    }

    @Test
    void fallsBackToPollingWhenTheWebSocketIsRefused() throws Exception {
        ClientItServer pollingOnly = extraServer(ClientItServer.Options.DEFAULTS.withPollingOnly());
        SocketClient c = client(pollingOnly, options().transports(Transport.WEBSOCKET, Transport.POLLING)
                .tryAllTransports(true).build());
        ClientSocket s = recorded(c.socket("/"), "").connect();

        rec.await("connect");

        assertThat(c.transport()).isEqualTo(Transport.POLLING);
        assertThat(await(s.emitWithAck("echo", 1)).list()).containsExactly(1);
    }

    @Test
    void multiplexesSeveralNamespacesOverOneConnection() {
        SocketClient c = client(server, options().build());
        ClientSocket main = recorded(c.socket("/"), "main:").connect();
        ClientSocket dyn1 = recorded(c.socket("/dyn-1"), "dyn1:", "hello").connect();
        ClientSocket dyn2 = recorded(c.socket("/dyn-2"), "dyn2:", "hello").connect();

        rec.await("main:connect");
        assertThat(((Args) rec.await("dyn1:event:hello").value()).getMap(0)).containsEntry("nsp", "/dyn-1");
        assertThat(((Args) rec.await("dyn2:event:hello").value()).getMap(0)).containsEntry("nsp", "/dyn-2");

        assertThat(c.socket("/dyn-1")).isSameAs(dyn1);
        assertThat(List.of(main.id(), dyn1.id(), dyn2.id())).doesNotHaveDuplicates();
        assertThat(await(dyn2.emitWithAck("echo", "two")).list()).containsExactly("two");
        assertThat(await(main.emitWithAck("echo", "main")).list()).containsExactly("main");
        assertThat(rec.history("open")).hasSize(1);
    }

    // ---- acks and binary ----------------------------------------------------------------------------------------

    @Test
    void emitWithAckAndAckCallbackReturnTheServersArguments() {
        SocketClient c = client(server, options().build());
        ClientSocket s = c.socket("/").connect();
        Map<String, Object> obj = map("k", List.of(1, "x"), "nil", null);

        Args reply = await(s.emitWithAck("echo", "hello", 42, 2.5, true, obj));
        CompletableFuture<Args> viaCallback = new CompletableFuture<>();
        s.emit("echo", (err, res) -> {
            if (err != null) {
                viaCallback.completeExceptionally(err);
            } else {
                viaCallback.complete(res);
            }
        }, "cb");

        assertThat(reply.list()).containsExactly("hello", 42, 2.5, true, obj);
        assertThat(await(viaCallback).list()).containsExactly("cb");
    }

    @Test
    void serverEmitWithAckIsAnsweredByTheClient() {
        SocketClient c = client(server, options().build());
        ClientSocket s = recorded(c.socket("/"), "", "server-ack-result");
        s.on("ask", (args, ack) -> ack.send("pong", args.get(0)));
        s.connect();

        s.emit("server-ack", "ask", 5000, "ping");

        Args result = (Args) rec.await("event:server-ack-result").value();
        assertThat(result.getMap(0)).isEqualTo(map("ok", true, "response", List.of("pong", "ping")));
    }

    @Test
    void ackTimeoutFailsTheFutureAndTheSocketKeepsWorking() {
        SocketClient c = client(server, options().build());
        ClientSocket s = c.socket("/").connect();

        Throwable err = awaitFailure(s.timeout(Duration.ofMillis(200)).emitWithAck("ignored"));

        assertThat(err).isInstanceOf(AckTimeoutException.class).hasMessage("operation has timed out");
        assertThat(await(s.emitWithAck("echo", "still")).list()).containsExactly("still");
    }

    @Test
    void theDefaultAckTimeoutAppliesToEmitsWithoutTheirOwn() {
        SocketClient c = client(server, options().ackTimeout(Duration.ofMillis(200)).build());
        ClientSocket s = c.socket("/").connect();
        CompletableFuture<Throwable> callback = new CompletableFuture<>();

        s.emit("ignored", (error, response) -> callback.complete(error));

        assertThat(awaitFailure(s.emitWithAck("ignored"))).isInstanceOf(AckTimeoutException.class);
        assertThat(await(callback)).isInstanceOf(AckTimeoutException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void binaryRoundTripsAnywhereInTheArguments(String transport) {
        SocketClient c = client(server, options().transports(Transport.fromWireName(transport)).build());
        ClientSocket s = recorded(c.socket("/"), "", "echo").connect();
        byte[] small = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xff};
        byte[] big = new byte[200 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }

        Args reply = await(s.emitWithAck("echo", small, map("nested", List.of("x", big))));
        s.emit("echo", "plain", small);

        assertThat(reply.getBytes(0)).containsExactly(small);
        assertThat((byte[]) ((List<?>) reply.getMap(1).get("nested")).get(1)).isEqualTo(big);
        Args pushed = (Args) rec.await("event:echo").value();
        assertThat(pushed.getString(0)).isEqualTo("plain");
        assertThat(pushed.getBytes(1)).containsExactly(small);
    }

    @Test
    void aBinaryAcknowledgementReachesTheServer() {
        SocketClient c = client(server, options().build());
        ClientSocket s = recorded(c.socket("/"), "", "server-ack-result");
        s.on("ask", (args, ack) -> ack.send(map("echo", args.get(0), "bytes", new byte[] {1, 2, 3})));
        s.connect();

        s.emit("server-ack", "ask", 5000, "q");

        Map<String, Object> result = ((Args) rec.await("event:server-ack-result").value()).getMap(0);
        assertThat(result).containsEntry("ok", true);
        Map<?, ?> response = (Map<?, ?>) ((List<?>) result.get("response")).get(0);
        assertThat(response.get("echo")).isEqualTo("q");
        assertThat((byte[]) response.get("bytes")).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void trickyStringsRoundTrip(String transport) {
        SocketClient c = client(server, options().transports(Transport.fromWireName(transport)).build());
        ClientSocket s = c.socket("/").connect();
        List<Object> strings = List.of("h\u00e9llo", "\ud83d\ude00 emoji", "line\u2028sep", "record\u001esep",
                "quote\" back\\slash", "", "nul\u0000char");

        Args reply = await(s.emitWithAck("echo", strings.toArray()));

        assertThat(reply.list()).isEqualTo(strings);
    }

    @Test
    void aBinaryRoomBroadcastReachesPollingAndWebSocketMembers() {
        SocketClient pollingClient = client(server, options().transports(Transport.POLLING).build());
        SocketClient wsClient = client(server, options().transports(Transport.WEBSOCKET).build());
        SocketClient sender = client(server, options().build());
        ClientSocket p = recorded(pollingClient.socket("/"), "p:", "blob").connect();
        ClientSocket w = recorded(wsClient.socket("/"), "w:", "blob").connect();
        ClientSocket from = sender.socket("/").connect();
        await(p.emitWithAck("join", "binary-room"));
        await(w.emitWithAck("join", "binary-room"));

        await(from.emitWithAck("to-room", "binary-room", "blob", new byte[] {0, 42}, map("nested", new byte[] {9})));

        for (String who : List.of("p:", "w:")) {
            Args a = (Args) rec.await(who + "event:blob").value();
            assertThat(a.getBytes(0)).containsExactly(0, 42);
            assertThat((byte[]) a.getMap(1).get("nested")).containsExactly(9);
        }
    }

    // ---- refusals and terminal disconnects -----------------------------------------------------------------

    @Test
    void middlewareRefusalIsAConnectErrorWithTheServersData() {
        SocketClient c = client(server, options().auth(Map.of("token", "reject")).build());
        ClientSocket s = recorded(c.socket("/"), "").connect();

        Throwable err = (Throwable) rec.await("connect_error").value();

        assertThat(err).isInstanceOf(ConnectErrorException.class).hasMessage("Not authorized");
        assertThat(((ConnectErrorException) err).data()).isEqualTo(Map.of("reason", "bad token"));
        assertThat(s.connected()).isFalse();
        assertThat(s.active()).isFalse();
    }

    @Test
    void serverDisconnectIsTerminalUntilConnectIsCalledAgain() {
        SocketClient c = client(server, options().build());
        ClientSocket main = recorded(c.socket("/"), "main:").connect();
        ClientSocket dyn = recorded(c.socket("/dyn-3"), "dyn:").connect();
        rec.await("main:connect");
        rec.await("dyn:connect");

        main.emit("disconnect-me", false);

        assertThat(rec.await("main:disconnect").value()).isEqualTo(DisconnectReason.IO_SERVER_DISCONNECT);
        assertThat(main.active()).isFalse();
        // barrier: the other namespace still works over the same connection, and nothing reconnected
        assertThat(await(dyn.emitWithAck("echo", "barrier")).list()).containsExactly("barrier");
        rec.assertNone("reconnect_attempt");
        rec.assertNone("main:connect");

        main.connect();
        rec.await("main:connect");
        assertThat(rec.history("open")).hasSize(1);
    }

    @Test
    void clientDisconnectOfTheLastSocketClosesTheConnection() {
        SocketClient c = client(server, options().build());
        ClientSocket s = recorded(c.socket("/"), "").connect();
        rec.await("connect");

        s.disconnect();

        assertThat(rec.await("disconnect").value()).isEqualTo(DisconnectReason.IO_CLIENT_DISCONNECT);
        assertThat(rec.await("close").value()).isEqualTo(DisconnectReason.IO_CLIENT_DISCONNECT);
        assertThat(c.isOpen()).isFalse();
        rec.assertNone("reconnect_attempt");
    }

    @Test
    void anUnknownNamespaceIsRefusedAndTheConnectionStaysUpForTheOthers() {
        SocketClient c = client(server, options().build());
        ClientSocket main = recorded(c.socket("/"), "main:").connect();
        ClientSocket nope = recorded(c.socket("/nope"), "nope:").connect();

        rec.await("main:connect");
        Throwable err = (Throwable) rec.await("nope:connect_error").value();

        assertThat(err).isInstanceOf(ConnectErrorException.class).hasMessage("Invalid namespace");
        assertThat(nope.active()).isFalse();
        assertThat(await(main.emitWithAck("echo", "up")).list()).containsExactly("up");
    }

    @Test
    void serverDisconnectWithCloseIsTerminalToo() {
        SocketClient c = client(server, options().build());
        ClientSocket s = recorded(c.socket("/"), "").connect();
        rec.await("connect");

        s.emit("disconnect-me", true);

        assertThat(rec.await("disconnect").value()).isEqualTo(DisconnectReason.IO_SERVER_DISCONNECT);
        rec.await("close");
        assertThat(s.active()).isFalse();
        assertThat(c.isOpen()).isFalse();
        rec.assertNone("reconnect_attempt");
    }

    // ---- offline buffer and reconnection ------------------------------------------------------------------

    @Test
    void offlineBufferIsFlushedInOrderAcrossAServerRestart() throws Exception {
        ClientItServer own = extraServer(ClientItServer.Options.DEFAULTS);
        SocketClient c = client(own, options().build());
        ClientSocket s = recorded(c.socket("/"), "", "echo").connect();
        rec.await("connect");

        own.stop();
        rec.await("disconnect");
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            sent.add(s.emit("echo", i));
        }
        // the emits reach the client's I/O thread asynchronously
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> s.bufferedCount() == 5);
        assertThat(sent).noneMatch(CompletableFuture::isDone);
        own.restart();

        rec.await("connect");
        List<Object> got = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            got.add(((Args) rec.await("event:echo").value()).get(0));
        }
        assertThat(got).containsExactly(1, 2, 3, 4, 5);
        sent.forEach(JavaClientContract::await);
        assertThat(s.bufferedCount()).isZero();
    }

    @Test
    void reconnectsAfterTheServerIsKilledWithGrowingDelays() throws Exception {
        ClientItServer own = extraServer(ClientItServer.Options.DEFAULTS);
        AtomicInteger authCalls = new AtomicInteger();
        SocketClient c = client(own, ClientOptions.builder().reconnectionDelay(Duration.ofMillis(100))
                .reconnectionDelayMax(Duration.ofSeconds(10)).randomizationFactor(0)
                .auth(() -> Map.of("token", "jwt-" + authCalls.incrementAndGet())).build());
        ClientSocket s = recorded(c.socket("/"), "", "welcome").connect();
        rec.await("connect");
        rec.await("event:welcome");

        own.stop();
        rec.await("disconnect");
        // gaps between consecutive attempts: each is the refused connect (fast on loopback) plus the next delay.
        // Measured between two events of the same kind, so the recorder's dispatch delay (large on a loaded
        // machine) cancels out instead of shortening a gap measured from an earlier reconnect_error.
        List<Long> gaps = new ArrayList<>();
        long previous = rec.await("reconnect_attempt", r -> (Integer) r.value() == 1).nanos();
        rec.await("reconnect_error");
        for (int attempt = 2; attempt <= 5; attempt++) {
            int expected = attempt;
            ClientRecorder.Rec a = rec.await("reconnect_attempt", r -> (Integer) r.value() == expected);
            gaps.add(TimeUnit.NANOSECONDS.toMillis(a.nanos() - previous));
            previous = a.nanos();
            rec.await("reconnect_error");
        }
        own.restart();

        int attempt = (Integer) rec.await("reconnect").value();
        rec.await("connect");
        Args welcome = (Args) rec.await("event:welcome").value();

        // delays 100, 200, 400, 800, 1600 ms (randomizationFactor 0): the gaps before attempts 2..5 are 200, 400,
        // 800, 1600 ms plus a refused connect each; timers never fire early (10 % slack for the recorder's jitter)
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(180);
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(360);
        assertThat(gaps.get(2)).isGreaterThanOrEqualTo(720);
        assertThat(gaps.get(3)).isGreaterThanOrEqualTo(1440);
        assertThat(gaps.get(3)).isGreaterThan(gaps.get(1));
        assertThat(attempt).isGreaterThanOrEqualTo(6);
        assertThat(welcome.getMap(0).get("auth")).isEqualTo(Map.of("token", "jwt-" + authCalls.get()));
        assertThat(authCalls.get()).isEqualTo(2);
        assertThat(s.connected()).isTrue();
    }

    @Test
    void reconnectFailedAfterTheAttemptLimit() throws Exception {
        ClientItServer own = extraServer(ClientItServer.Options.DEFAULTS);
        SocketClient c = client(own, options().reconnectionAttempts(3).reconnectionDelay(Duration.ofMillis(50))
                .reconnectionDelayMax(Duration.ofMillis(100)).build());
        ClientSocket s = recorded(c.socket("/"), "").connect();
        rec.await("connect");

        own.stop();
        rec.await("disconnect");
        CompletableFuture<Args> buffered = s.emitWithAck("echo", "never"); // no timeout: ended by the give-up

        rec.await("reconnect_failed");
        assertThat(rec.history("reconnect_attempt")).extracting(ClientRecorder.Rec::value).containsExactly(1, 2, 3);
        assertThat(rec.history("reconnect_error")).hasSize(3);
        assertThat(c.isOpen()).isFalse();
        assertThat(s.active()).isFalse();
        assertThat(awaitFailure(buffered)).isInstanceOf(io.zapsocket.protocol.ReconnectFailedException.class);
    }

    // ---- at-least-once ----------------------------------------------------------------------------------------

    @Test
    void retriesDeliverExactlyTheExpectedSequenceWhenTheServerDropsTheFirstAcks() {
        // generous ack timeout: a slow (loaded) server must not cause an extra resend of an acknowledged packet
        SocketClient c = client(server, options().retries(3).ackTimeout(Duration.ofMillis(1000)).build());
        ClientSocket s = c.socket("/").connect();
        await(s.emitWithAck("drop-acks", 2));
        List<Object> completed = new CopyOnWriteArrayList<>();

        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            int value = i;
            futures.add(s.emit("seq", value).whenComplete((v, e) -> completed.add(e == null ? value : e)));
        }
        futures.forEach(JavaClientContract::await);

        assertThat(completed).containsExactly(1, 2, 3, 4);
        assertThat(await(s.emitWithAck("received")).getList(0)).containsExactly(1, 1, 1, 2, 3, 4);
    }

    @Test
    void retriesGiveUpAfterTheLimitAndTheQueueMovesOn() {
        SocketClient c = client(server, options().retries(2).ackTimeout(Duration.ofMillis(700)).build());
        ClientSocket s = c.socket("/").connect();
        await(s.emitWithAck("drop-acks", 3));

        CompletableFuture<Args> first = s.emitWithAck("seq", "a");
        CompletableFuture<Args> second = s.emitWithAck("seq", "b");

        assertThat(awaitFailure(first)).isInstanceOf(RetriesExhaustedException.class);
        assertThat(((RetriesExhaustedException) awaitFailure(first)).attempts()).isEqualTo(3);
        assertThat(await(second).list()).containsExactly("b");
        assertThat(await(s.emitWithAck("received")).getList(0)).containsExactly("a", "a", "a", "b");
    }

    @Test
    void volatileEmitsAreDroppedWhileDisconnected() throws Exception {
        ClientItServer own = extraServer(ClientItServer.Options.DEFAULTS);
        SocketClient c = client(own, options().build());
        ClientSocket s = recorded(c.socket("/"), "").connect();
        rec.await("connect");
        own.stop();
        rec.await("disconnect");

        CompletableFuture<Void> dropped = s.asVolatile().emit("echo", "lost");

        assertThat(awaitFailure(dropped)).hasMessageContaining("volatile");
        assertThat(s.bufferedCount()).isZero();
        assertThatThrownBy(() -> s.emit("disconnect")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Arrays.asList(s.connected(), s.active())).containsExactly(false, true);
    }

    @Test
    void thePersistentQueueDeliversEmitsMadeOfflineByAPreviousProcess(@org.junit.jupiter.api.io.TempDir
                                                                       java.nio.file.Path dir) throws Exception {
        ClientItServer own = extraServer(ClientItServer.Options.DEFAULTS);
        ClientOptions persistent = options().retries(2).ackTimeout(Duration.ofSeconds(2))
                .persistentQueue(dir.resolve("queue.log")).build();
        SocketClient first = client(own, persistent);
        ClientSocket s1 = recorded(first.socket("/"), "").connect();
        rec.await("connect");
        own.stop();
        rec.await("disconnect");
        s1.emit("seq", "p1");
        s1.emit("seq", new byte[] {7});
        first.close(); // "the process stops" with both emits unacknowledged

        own.restart();
        SocketClient second = client(own, persistent);
        ClientSocket s2 = second.socket("/").connect();

        // the restored packets are queued before anything the new process emits
        List<Object> received = await(s2.emitWithAck("received")).getList(0);
        assertThat(received).hasSize(2);
        assertThat(received.get(0)).isEqualTo("p1");
        assertThat((byte[]) received.get(1)).containsExactly(7);
    }

    // ---- volume, upgrade race, heartbeat --------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void manyEmitsArriveInOrderExactlyOnce(String transport) {
        SocketClient c = client(server, options().transports(Transport.fromWireName(transport)).build());
        ClientSocket s = recorded(c.socket("/"), "", "echo").connect();
        rec.await("connect");

        for (int i = 0; i < 500; i++) {
            s.emit("echo", i);
        }

        for (int i = 0; i < 500; i++) {
            assertThat(((Args) rec.await("event:echo").value()).get(0)).isEqualTo(i);
        }
    }

    @Test
    void largeMessagesOnPollingAreSplitUnderTheServersMaxPayload() {
        SocketClient c = client(server, options().transports(Transport.POLLING).build());
        ClientSocket s = recorded(c.socket("/"), "", "echo").connect();
        rec.await("connect");
        String big = "x".repeat(300_000); // four of them exceed maxHttpBufferSize (1e6) together

        for (int i = 0; i < 6; i++) {
            s.emit("echo", i, big);
        }

        for (int i = 0; i < 6; i++) {
            Args a = (Args) rec.await("event:echo").value();
            assertThat(a.get(0)).isEqualTo(i);
            assertThat(a.getString(1)).hasSize(300_000);
        }
    }

    @Test
    void emitsDuringTheUpgradeArriveInOrderExactlyOnce() {
        SocketClient c = client(server, options().build());
        ClientSocket s = recorded(c.socket("/"), "", "echo").connect();

        for (int i = 0; i < 300; i++) { // queued before and during the polling -> websocket upgrade
            s.emit("echo", i);
        }

        for (int i = 0; i < 300; i++) {
            assertThat(((Args) rec.await("event:echo").value()).get(0)).isEqualTo(i);
        }
        rec.await("upgrade");
        assertThat(await(s.emitWithAck("echo", "done")).list()).containsExactly("done");
        rec.assertNone("event:echo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void pingsAreAnsweredAndKeepAnIdleConnectionOpen(String transport) throws Exception {
        ClientItServer fast = extraServer(new ClientItServer.Options(false, false, 100, 500, Parser.DEFAULT));
        SocketClient c = client(fast, options().transports(Transport.fromWireName(transport)).build());
        c.addListener(new ClientListener() {
            @Override
            public void onPing() {
                rec.add("ping", null);
            }
        });
        ClientSocket s = recorded(c.socket("/"), "").connect();
        rec.await("connect");

        for (int i = 0; i < 12; i++) { // ~1.2 s: without pongs the server closes after 100 + 500 ms
            rec.await("ping");
        }

        rec.assertNone("disconnect");
        assertThat(s.connected()).isTrue();
    }
}
