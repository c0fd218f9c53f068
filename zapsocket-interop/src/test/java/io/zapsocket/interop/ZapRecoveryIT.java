package io.zapsocket.interop;

import io.zapsocket.server.CorsOptions;
import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.internal.engine.EngineSession;
import io.zapsocket.server.internal.sio.DefaultSocketServer;
import java.util.ArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection state recovery with the official JS client: the server drops the transport, broadcasts while the
 * client is away, and the client comes back with the same id, {@code socket.recovered === true} and the missed
 * events in order.
 */
class ZapRecoveryIT extends InteropContract {
    private SocketServer io;

    @Override
    protected AppServer startServer(AppOptions options) {
        io = SocketServer.create(ServerOptions.builder()
                .cors(CorsOptions.ANY_ORIGIN)
                .connectionStateRecovery(RecoveryOptions.DEFAULT)
                .build());
        io.onConnection(socket -> {
            if (!socket.recovered()) {
                socket.join("news");
            }
            socket.on("rooms", (args, ack) -> ack.send(new ArrayList<>(socket.rooms())));
        });
        int port = io.listen("127.0.0.1", 0).join().getPort();
        return new AppServer() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void stop() {
                io.close().join();
            }

            @Override
            public void restart() {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** Closes every Engine.IO connection without a Socket.IO DISCONNECT: clients see a transport close. */
    private void dropAllConnections() {
        for (EngineSession s : ((DefaultSocketServer) io).engine().sessions()) {
            s.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void missedBroadcastsArriveAfterRecovery(String transport) {
        DriverClient c = connected(client("c-" + transport).transports(transport).reconnectionDelay(200, 400)
                .subscribe("news"));
        String id = c.state().path("id").asText();
        io.to("news").emit("news", 1);
        assertThat(c.awaitMessage("news").arg(0).asInt()).isEqualTo(1);

        dropAllConnections();
        assertThat(c.awaitEvent("disconnect").text("reason")).isEqualTo("transport close");
        io.to("news").emit("news", 2);
        io.to("news").emit("news", 3);
        io.to("elsewhere").emit("news", 99);

        DriverEvent reconnected = c.awaitEvent("connect");
        assertThat(reconnected.field("recovered").asBoolean()).isTrue();
        assertThat(reconnected.text("id")).isEqualTo(id);
        assertThat(c.awaitMessage("news").arg(0).asInt()).isEqualTo(2);
        assertThat(c.awaitMessage("news").arg(0).asInt()).isEqualTo(3);
        assertThat(c.request("rooms").get(0).toString()).contains("news");
        io.to("news").emit("news", 4);
        assertThat(c.awaitMessage("news").arg(0).asInt()).isEqualTo(4);
    }
}
