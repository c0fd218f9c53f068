package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.server.MiddlewareException;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NamespaceConnectTest {
    private DefaultSocketServer server = new DefaultSocketServer(ServerOptions.DEFAULT);
    private final List<FakeEngineSession> sessions = new CopyOnWriteArrayList<>();

    private FakeEngineSession open() {
        FakeEngineSession s = FakeEngineSession.open(server);
        sessions.add(s);
        return s;
    }

    @AfterEach
    void tearDown() {
        server.close().join();
        sessions.forEach(FakeEngineSession::shutdownLoop);
    }

    @Test
    void connectToMainNamespaceRepliesWithOnlyTheSid() {
        CompletableFuture<ServerSocket> connected = new CompletableFuture<>();
        server.onConnection(connected::complete);
        FakeEngineSession client = open();

        client.receive("0");

        String reply = client.nextStartingWith("0{\"sid\":\"");
        assertThat(reply).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
        ServerSocket socket = connected.join();
        assertThat(reply).contains(socket.id());
        assertThat(socket.handshake().auth()).isEmpty();
        assertThat(socket.rooms()).containsExactly(socket.id());
        assertThat(socket.connected()).isTrue();
    }

    @Test
    void authPayloadReachesTheHandshakeInOrder() {
        CompletableFuture<ServerSocket> connected = new CompletableFuture<>();
        server.of("/custom").onConnection(connected::complete);
        FakeEngineSession client = open();

        client.receive("0/custom,{\"token\":\"abc\",\"n\":1}");

        client.nextStartingWith("0/custom,{\"sid\":");
        assertThat(connected.join().handshake().auth()).containsExactly(Map.entry("token", "abc"),
                Map.entry("n", 1));
        assertThat(connected.join().handshake().xdomain()).isTrue();
    }

    @Test
    void unknownNamespaceIsRefusedAndTheConnectionStaysOpen() {
        FakeEngineSession client = open();

        client.receive("0/random");

        assertThat(client.next()).isEqualTo("4/random,{\"message\":\"Invalid namespace\"}");
        client.receive("0");
        client.nextStartingWith("0{\"sid\":");
        assertThat(client.isClosedNow()).isFalse();
    }

    @Test
    void middlewareRejectionSendsConnectErrorWithData() {
        server.use((socket, next) -> {
            if ("reject".equals(socket.handshake().auth().get("token"))) {
                next.fail("Not authorized", Map.of("reason", "bad token"));
            } else {
                next.proceed();
            }
        });
        FakeEngineSession client = open();

        client.receive("0{\"token\":\"reject\"}");
        assertThat(client.next()).isEqualTo("4{\"message\":\"Not authorized\",\"data\":{\"reason\":\"bad token\"}}");

        client.receive("0{\"token\":\"ok\"}");
        client.nextStartingWith("0{\"sid\":");
    }

    @Test
    void middlewareThrowingRefusesWithItsMessage() {
        server.of("/admin").use((socket, next) -> {
            throw new MiddlewareException("forbidden");
        });
        FakeEngineSession client = open();

        client.receive("0/admin,");

        assertThat(client.next()).isEqualTo("4/admin,{\"message\":\"forbidden\"}");
    }

    @Test
    void asynchronousMiddlewareMayContinueFromAnotherThread() {
        server.use((socket, next) -> CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)
                .execute(next::proceed));
        FakeEngineSession client = open();

        client.receive("0");

        client.nextStartingWith("0{\"sid\":");
    }

    @Test
    void dynamicNamespacesAreCreatedForMatchingNamesAndInheritListeners() {
        List<String> seen = new CopyOnWriteArrayList<>();
        server.of(Pattern.compile("^/dyn-\\d+$")).onConnection(s -> seen.add(s.namespace().name()));
        FakeEngineSession client = open();

        client.receive("0/dyn-42,");
        client.nextStartingWith("0/dyn-42,{\"sid\":");
        client.receive("0/dyn-x,");
        assertThat(client.next()).isEqualTo("4/dyn-x,{\"message\":\"Invalid namespace\"}");

        await().until(() -> seen.contains("/dyn-42"));
        assertThat(server.stats().socketsByNamespace()).containsEntry("/dyn-42", 1);
    }

    @Test
    void aDynamicChildIsCreatedOnlyOnceTheMiddlewaresAcceptAndRemovedWhenEmpty() {
        List<String> created = new CopyOnWriteArrayList<>();
        server.onNewNamespace(n -> created.add(n.name()));
        server.of(Pattern.compile("^/dyn-\\d+$")).use((socket, next) -> {
            if ("yes".equals(socket.handshake().auth().get("ok"))) {
                next.proceed();
            } else {
                next.fail("not allowed");
            }
        });
        FakeEngineSession client = open();

        client.receive("0/dyn-1,");
        assertThat(client.next()).isEqualTo("4/dyn-1,{\"message\":\"not allowed\"}");
        assertThat(created).as("refused: never created").isEmpty();
        assertThat(server.stats().socketsByNamespace()).doesNotContainKey("/dyn-1");
        assertThat(server.dynamicNamespaceCount()).isZero();

        client.receive("0/dyn-1,{\"ok\":\"yes\"}");
        client.nextStartingWith("0/dyn-1,{\"sid\":");
        assertThat(created).containsExactly("/dyn-1");
        assertThat(server.dynamicNamespaceCount()).isEqualTo(1);

        client.receive("1/dyn-1,");
        await().until(() -> server.dynamicNamespaceCount() == 0);
        assertThat(server.stats().socketsByNamespace()).doesNotContainKey("/dyn-1");
    }

    @Test
    void dynamicChildrenAreCappedByMaxDynamicNamespaces() {
        server.close().join();
        server = new DefaultSocketServer(ServerOptions.builder().maxDynamicNamespaces(2).build());
        server.of(Pattern.compile("^/dyn-\\d+$"));
        FakeEngineSession client = open();

        client.receive("0/dyn-1,");
        client.nextStartingWith("0/dyn-1,{\"sid\":");
        client.receive("0/dyn-2,");
        client.nextStartingWith("0/dyn-2,{\"sid\":");
        client.receive("0/dyn-3,");
        assertThat(client.next()).isEqualTo("4/dyn-3,{\"message\":\"Too many namespaces\"}");
        client.receive("0/dyn-1,"); // connected already: an existing child is not counted again
        assertThat(client.next()).isEqualTo("CLOSE");

        FakeEngineSession other = open();
        other.receive("0/dyn-2,");
        other.nextStartingWith("0/dyn-2,{\"sid\":");
        // the first connection is gone: /dyn-1 emptied and was removed, /dyn-2 lives on with the other client
        await().until(() -> server.dynamicNamespaceCount() == 1);
        other.receive("0/dyn-3,");
        other.nextStartingWith("0/dyn-3,{\"sid\":");
    }

    @Test
    void connectingTwiceToTheSameNamespaceClosesTheConnection() {
        FakeEngineSession client = open();
        client.receive("0");
        client.nextStartingWith("0{\"sid\":");

        client.receive("0");

        assertThat(client.next()).isEqualTo("CLOSE");
    }

    @Test
    void aPacketForANamespaceNotJoinedClosesTheConnection() {
        FakeEngineSession client = open();
        client.receive("0");
        client.nextStartingWith("0{\"sid\":");

        client.receive("2/admin,[\"ev\"]");

        assertThat(client.next()).isEqualTo("CLOSE");
    }

    @Test
    void invalidPacketClosesTheConnection() {
        CompletableFuture<DisconnectReason> reason = new CompletableFuture<>();
        server.onConnection(s -> s.onDisconnect((r, d) -> reason.complete(r)));
        FakeEngineSession client = open();
        client.receive("0");
        client.nextStartingWith("0{\"sid\":");

        client.receive("2{}");

        assertThat(client.next()).isEqualTo("CLOSE");
        assertThat(reason.join()).isEqualTo(DisconnectReason.FORCED_CLOSE);
    }

    @Test
    void connectTimeoutClosesAConnectionWithoutNamespace() {
        server.close().join();
        server = new DefaultSocketServer(ServerOptions.builder().connectTimeout(Duration.ofMillis(50)).build());
        FakeEngineSession client = open();

        assertThat(client.next()).isEqualTo("CLOSE");
    }
}
