package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.Args;
import io.zapsocket.server.BroadcastAckTimeoutException;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RoomsAndBroadcastTest {
    private final DefaultSocketServer server = new DefaultSocketServer(ServerOptions.DEFAULT);
    private final List<FakeEngineSession> clients = new ArrayList<>();
    private final List<ServerSocket> sockets = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        server.close().join();
        clients.forEach(FakeEngineSession::shutdownLoop);
    }

    /** Connects n clients to "/"; sockets.get(i) belongs to clients.get(i). */
    private void connect(int n) {
        server.onConnection(sockets::add);
        for (int i = 0; i < n; i++) {
            FakeEngineSession s = FakeEngineSession.open(server);
            clients.add(s);
            s.receive("0");
            s.nextStartingWith("0{\"sid\":");
            int expected = i + 1;
            await().until(() -> sockets.size() == expected);
        }
    }

    @Test
    void roomBroadcastReachesOnlyMembersAndExceptExcludes() {
        connect(3);
        sockets.get(0).join("a");
        sockets.get(1).join("a", "b");

        server.to("a").emit("x", 1);
        assertThat(clients.get(0).next()).isEqualTo("2[\"x\",1]");
        assertThat(clients.get(1).next()).isEqualTo("2[\"x\",1]");
        clients.get(2).assertNothingSent(50);

        server.to("a").except("b").emit("y");
        assertThat(clients.get(0).next()).isEqualTo("2[\"y\"]");
        clients.get(1).assertNothingSent(50);

        server.to("a", "b").emit("once");
        assertThat(clients.get(1).next()).isEqualTo("2[\"once\"]");
        clients.get(1).assertNothingSent(50);
    }

    @Test
    void socketBroadcastExcludesTheSender() {
        connect(3);

        sockets.get(0).broadcast().emit("hi");

        clients.get(0).assertNothingSent(50);
        assertThat(clients.get(1).next()).isEqualTo("2[\"hi\"]");
        assertThat(clients.get(2).next()).isEqualTo("2[\"hi\"]");
    }

    @Test
    void operatorsAreImmutable() {
        connect(2);
        sockets.get(0).join("a");
        var base = server.to("a");
        base.except("a"); // must not change base

        base.emit("still");

        assertThat(clients.get(0).next()).isEqualTo("2[\"still\"]");
    }

    @Test
    void volatilePacketsAreDroppedForBusyTransports() {
        connect(2);
        clients.get(1).writable = false;

        server.asVolatile().emit("tick");

        assertThat(clients.get(0).next()).isEqualTo("2[\"tick\"]");
        clients.get(1).assertNothingSent(50);
    }

    @Test
    void fetchSocketsSocketsJoinAndDisconnectSockets() {
        connect(3);
        sockets.get(2).join("vip");
        sockets.get(2).data().put("name", "carol");

        List<RemoteSocket> vips = server.in("vip").fetchSockets().join();
        assertThat(vips).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(sockets.get(2).id());
            assertThat(r.data()).containsEntry("name", "carol");
            assertThat(r.rooms()).contains("vip");
        });

        server.except("vip").socketsJoin("plebs");
        assertThat(sockets.get(0).rooms()).contains("plebs");
        assertThat(sockets.get(2).rooms()).doesNotContain("plebs");

        server.in("plebs").disconnectSockets(false);
        assertThat(clients.get(0).next()).isEqualTo("1");
        assertThat(clients.get(1).next()).isEqualTo("1");
        await().until(() -> server.sockets().size() == 1);
    }

    @Test
    void broadcastAckAggregatesOneAnswerPerClient() {
        connect(2);

        CompletableFuture<List<Args>> answers = server.timeout(Duration.ofSeconds(5)).emitWithAck("vote");
        for (FakeEngineSession c : clients) {
            String sent = c.next();
            String id = sent.substring(1, sent.indexOf('['));
            c.receive("3" + id + "[\"yes\"]");
        }

        assertThat(answers.join()).hasSize(2).allMatch(a -> a.getString(0).equals("yes"));
    }

    @Test
    void broadcastAckTimeoutCarriesPartialResponses() {
        connect(2);

        CompletableFuture<List<Args>> answers = server.timeout(Duration.ofMillis(100)).emitWithAck("vote");
        String sent = clients.get(0).next();
        clients.get(0).receive("3" + sent.substring(1, sent.indexOf('[')) + "[1]");

        assertThatThrownBy(answers::join).cause().isInstanceOfSatisfying(BroadcastAckTimeoutException.class,
                e -> assertThat(e.responses()).hasSize(1));
    }

    @Test
    void broadcastAckStopsWaitingForClientsThatDisconnect() {
        connect(2);

        CompletableFuture<List<Args>> answers = server.emitWithAck("vote");
        String sent = clients.get(0).next();
        clients.get(0).receive("3" + sent.substring(1, sent.indexOf('[')) + "[1]");
        clients.get(1).next();
        clients.get(1).drop("transport close");

        assertThat(answers.join()).hasSize(1);
    }

    @Test
    void statsCountConnectionsAndSockets() {
        connect(2);

        assertThat(server.stats().connections()).isEqualTo(2);
        assertThat(server.stats().socketsByNamespace()).containsEntry("/", 2);
    }
}
