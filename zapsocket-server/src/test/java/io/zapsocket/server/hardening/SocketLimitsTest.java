package io.zapsocket.server.hardening;

import io.zapsocket.protocol.AckTimeoutException;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.TooManyPendingAcksException;
import io.zapsocket.server.testing.RawWs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code maxRoomsPerSocket}, {@code maxPendingAcks} and the default {@code ackTimeout} on a real server. */
class SocketLimitsTest {
    private SocketServer io;
    private int port;
    private final List<String> outcomes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        io = SocketServer.create(ServerOptions.builder().maxRoomsPerSocket(3).maxPendingAcks(2)
                .ackTimeout(Duration.ofMillis(500)).build());
        io.onConnection(s -> {
            s.on("join", (args, ack) -> {
                try {
                    s.join(args.getString(0));
                    ack.send("joined", s.rooms().size());
                } catch (IllegalStateException e) {
                    ack.send("refused", s.rooms().size());
                }
            });
            s.on("ask", (args, ack) -> {
                for (int i = 0; i < 3; i++) {
                    s.emitWithAck("question", i).whenComplete((answer, error) -> outcomes.add(
                            error == null ? "answered" : error.getClass().getSimpleName()));
                }
                ack.send();
            });
        });
        port = io.listen("127.0.0.1", 0).join().getPort();
    }

    @AfterEach
    void stop() {
        io.close().join();
    }

    private RawWs connected() throws Exception {
        RawWs ws = RawWs.connect(port, "/socket.io/?EIO=4&transport=websocket", Map.of());
        assertThat(ws.read().text()).startsWith("0{");
        ws.text("40");
        assertThat(ws.read().text()).startsWith("40{\"sid\"");
        return ws;
    }

    @Test
    void aJoinBeyondMaxRoomsPerSocketThrowsAndJoinsNothing() throws Exception {
        try (RawWs ws = connected()) {
            ws.text("421[\"join\",\"a\"]");
            assertThat(ws.read().text()).isEqualTo("431[\"joined\",2]"); // its own room and a
            ws.text("422[\"join\",\"b\"]");
            assertThat(ws.read().text()).isEqualTo("432[\"joined\",3]");
            ws.text("423[\"join\",\"c\"]");
            assertThat(ws.read().text()).isEqualTo("433[\"refused\",3]");
            ws.text("424[\"join\",\"a\"]"); // already in: not a new room
            assertThat(ws.read().text()).isEqualTo("434[\"joined\",3]");
        }
    }

    @Test
    void emitWithAckBeyondMaxPendingAcksFailsAtOnceAndTheOthersTimeOut() throws Exception {
        try (RawWs ws = connected()) {
            ws.text("421[\"ask\"]");
            assertThat(ws.read().text()).matches("42\\d+\\[\"question\",0]");
            assertThat(ws.read().text()).matches("42\\d+\\[\"question\",1]");
            assertThat(ws.read().text()).isEqualTo("431[]"); // the third was never sent
            await().until(() -> outcomes.size() == 3);
            assertThat(outcomes.get(0)).isEqualTo(TooManyPendingAcksException.class.getSimpleName());
            assertThat(outcomes.subList(1, 3)).containsOnly(AckTimeoutException.class.getSimpleName());
        }
    }
}
