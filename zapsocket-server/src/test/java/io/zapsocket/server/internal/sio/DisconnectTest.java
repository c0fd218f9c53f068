package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisconnectTest {
    private final DefaultSocketServer server = new DefaultSocketServer(ServerOptions.DEFAULT);
    private final List<FakeEngineSession> sessions = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        server.close().join();
        sessions.forEach(FakeEngineSession::shutdownLoop);
    }

    private FakeEngineSession connected(CompletableFuture<ServerSocket> socket) {
        server.onConnection(socket::complete);
        FakeEngineSession s = FakeEngineSession.open(server);
        sessions.add(s);
        s.receive("0");
        s.nextStartingWith("0{\"sid\":");
        return s;
    }

    @Test
    void clientNamespaceDisconnectSendsNothingAndKeepsTheConnection() {
        CompletableFuture<ServerSocket> socket = new CompletableFuture<>();
        FakeEngineSession client = connected(socket);
        CompletableFuture<Set<String>> roomsWhileDisconnecting = new CompletableFuture<>();
        socket.join().join("lobby");
        socket.join().onDisconnecting((r, d) -> roomsWhileDisconnecting.complete(socket.join().rooms()));

        client.receive("1");

        assertThat(socket.join().closeFuture().join()).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
        assertThat(roomsWhileDisconnecting.join()).contains("lobby");
        assertThat(socket.join().rooms()).isEmpty();
        assertThat(server.adapter().rooms()).isEmpty();
        client.assertNothingSent(100);
        assertThat(client.isClosedNow()).isFalse();
    }

    @Test
    void serverDisconnectSendsDisconnectPacket() {
        CompletableFuture<ServerSocket> socket = new CompletableFuture<>();
        FakeEngineSession client = connected(socket);

        socket.join().disconnect(false);

        assertThat(client.next()).isEqualTo("1");
        assertThat(socket.join().closeFuture().join()).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        assertThat(socket.join().emit("late")).isFalse();
        assertThat(client.isClosedNow()).isFalse();
    }

    @Test
    void serverDisconnectWithCloseClosesTheConnection() {
        CompletableFuture<ServerSocket> socket = new CompletableFuture<>();
        FakeEngineSession client = connected(socket);

        socket.join().disconnect(true);

        assertThat(client.next()).isEqualTo("1");
        assertThat(client.next()).isEqualTo("CLOSE");
    }

    @Test
    void transportCloseDisconnectsEverySocketWithItsReason() {
        CompletableFuture<ServerSocket> socket = new CompletableFuture<>();
        FakeEngineSession client = connected(socket);

        client.drop("ping timeout");

        assertThat(socket.join().closeFuture().join()).isEqualTo(DisconnectReason.PING_TIMEOUT);
        assertThat(server.stats().connections()).isZero();
        assertThat(server.sockets()).isEmpty();
    }

    @Test
    void serverCloseDisconnectsWithServerShuttingDown() {
        CompletableFuture<ServerSocket> socket = new CompletableFuture<>();
        connected(socket);

        server.close().join();

        assertThat(socket.join().closeFuture().join()).isEqualTo(DisconnectReason.SERVER_SHUTTING_DOWN);
    }
}
