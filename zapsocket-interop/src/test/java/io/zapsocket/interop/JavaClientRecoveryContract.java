package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.protocol.Args;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.protocol.Parser;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.client.SocketClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Connection state recovery: the Java client against a server with {@code connectionStateRecovery} enabled (the
 * Node reference in {@code NodeJavaClientRecoveryIT}, Zap-Socket in {@code ZapJavaClientRecoveryIT}). The client's
 * automatic reconnection is off so that the test decides when it reconnects: no timing window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JavaClientRecoveryContract {
    private ClientItServer server;
    private final List<SocketClient> clients = new ArrayList<>();
    private ClientRecorder rec;

    /** Starts the app of CLIENT_IT.md with recovery enabled. */
    protected abstract ClientItServer startServer(ClientItServer.Options options) throws Exception;

    /** The packet format of the server and the clients (the msgpack variants override it). */
    protected Parser parser() {
        return Parser.DEFAULT;
    }

    @BeforeAll
    void start() throws Exception {
        server = startServer(ClientItServer.Options.DEFAULTS.withRecovery().withParser(parser()));
    }

    @BeforeEach
    void recorder() {
        rec = new ClientRecorder();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SocketClient::close);
        clients.clear();
    }

    @AfterAll
    void stop() {
        server.stop();
        assertThat(NodeProcesses.liveCount()).as("node processes left running").isZero();
    }

    private SocketClient client(ClientOptions options) {
        SocketClient c = SocketClient.create(server.url(), options.toBuilder().parser(parser()).build());
        clients.add(c);
        return c;
    }

    private ClientSocket recordedSocket(SocketClient c, String... events) {
        ClientSocket s = c.socket("/");
        s.onConnect(() -> rec.add("connect", s.id()));
        s.onDisconnect(reason -> rec.add("disconnect", reason));
        for (String e : events) {
            s.on(e, (args, ack) -> rec.add("event:" + e, args));
        }
        return s;
    }

    @Test
    void missedRoomBroadcastsAreDeliveredAfterReconnectingWithRecoveredTrue() {
        SocketClient c1 = client(ClientOptions.builder().reconnection(false).build());
        ClientSocket s1 = recordedSocket(c1, "news", "echo").connect();
        String firstId = (String) rec.await("connect").value();
        JavaClientContract.await(s1.emitWithAck("join", "room"));
        SocketClient c2 = client(ClientOptions.DEFAULT);
        ClientSocket s2 = c2.socket("/").connect();
        JavaClientContract.await(s2.emitWithAck("to-room", "room", "news", 0));
        Args news0 = (Args) rec.await("event:news").value();
        assertThat(news0.get(0)).isEqualTo(0);
        assertThat(news0.size()).as("the offset is appended as a last argument").isEqualTo(2);
        assertThat(s1.recovered()).isFalse();

        s1.emit("kill-transport");
        assertThat(rec.await("disconnect").value()).isEqualTo(DisconnectReason.TRANSPORT_CLOSE);
        for (int i = 1; i <= 3; i++) {
            JavaClientContract.await(s2.emitWithAck("to-room", "room", "news", i));
        }
        s1.emit("echo", "sent while offline");
        s1.connect();

        ClientRecorder.Rec connected = rec.await("connect");
        assertThat(connected.value()).as("same socket id after recovery").isEqualTo(firstId);
        assertThat(s1.recovered()).isTrue();
        List<Object> missed = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ClientRecorder.Rec r = rec.await("event:news");
            assertThat(r.nanos()).as("missed packets are delivered after the connect event")
                    .isGreaterThan(connected.nanos());
            missed.add(((Args) r.value()).get(0));
        }
        assertThat(missed).containsExactly(1, 2, 3);
        assertThat(((Args) rec.await("event:echo").value()).get(0)).isEqualTo("sent while offline");
        // still in the room: a new broadcast arrives live
        JavaClientContract.await(s2.emitWithAck("to-room", "room", "news", 4));
        assertThat(((Args) rec.await("event:news").value()).get(0)).isEqualTo(4);
    }

    @Test
    void aFreshClientIsNotRecovered() {
        SocketClient c = client(ClientOptions.DEFAULT);
        ClientSocket s = recordedSocket(c, "welcome").connect();

        rec.await("connect");
        Args welcome = (Args) rec.await("event:welcome").value();

        assertThat(s.recovered()).isFalse();
        assertThat(welcome.getMap(0)).containsEntry("recovered", false);
    }
}
