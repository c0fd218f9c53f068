package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.server.Priority;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.ServerStats;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.internal.engine.OutboundMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Per-emit flags (priority, compress, volatile) travel from the public API into the engine's message. */
class EmitFlagsTest {
    private final DefaultSocketServer server = new DefaultSocketServer(ServerOptions.DEFAULT);
    private final List<ServerSocket> sockets = new CopyOnWriteArrayList<>();
    private FakeEngineSession client;

    @AfterEach
    void tearDown() {
        server.close().join();
        if (client != null) {
            client.shutdownLoop();
        }
    }

    private void connect() throws Exception {
        server.onConnection(sockets::add);
        client = FakeEngineSession.open(server);
        client.receive("0");
        client.nextStartingWith("0{\"sid\":");
        await().until(() -> sockets.size() == 1);
        client.messages.clear();
    }

    private OutboundMessage nextMessage() throws InterruptedException {
        OutboundMessage m = client.messages.poll(5, TimeUnit.SECONDS);
        assertThat(m).as("message").isNotNull();
        return m;
    }

    @Test
    void socketEmitCarriesPriorityCompressAndVolatile() throws Exception {
        connect();
        ServerSocket s = sockets.get(0);

        s.emit("plain");
        OutboundMessage m = nextMessage();
        assertThat(m.priority()).isEqualTo(Priority.NORMAL);
        assertThat(m.compress()).isTrue();
        assertThat(m.isVolatile()).isFalse();

        s.priority(Priority.HIGH).compress(false).emit("urgent");
        m = nextMessage();
        assertThat(m.text()).isEqualTo("2[\"urgent\"]");
        assertThat(m.priority()).isEqualTo(Priority.HIGH);
        assertThat(m.compress()).isFalse();

        s.asVolatile().priority(Priority.LOW).emit("typing");
        m = nextMessage();
        assertThat(m.priority()).isEqualTo(Priority.LOW);
        assertThat(m.isVolatile()).isTrue();

        s.priority(Priority.HIGH).emitWithAck("call");
        assertThat(nextMessage().priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void broadcastCarriesItsFlagsAndEmittersAreImmutable() throws Exception {
        connect();
        var high = server.priority(Priority.HIGH);
        var highPlain = high.compress(false);

        high.emit("a");
        OutboundMessage m = nextMessage();
        assertThat(m.priority()).isEqualTo(Priority.HIGH);
        assertThat(m.compress()).isTrue();

        highPlain.asVolatile().emit("b");
        m = nextMessage();
        assertThat(m.priority()).isEqualTo(Priority.HIGH);
        assertThat(m.compress()).isFalse();
        assertThat(m.isVolatile()).isTrue();

        server.to(sockets.get(0).id()).emit("c");
        assertThat(nextMessage().priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void nullPriorityIsRejected() throws Exception {
        connect();
        assertThatThrownBy(() -> sockets.get(0).priority(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> server.priority(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> BroadcastOptions.Flags.DEFAULT.withPriority(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void legacyFlagsConstructorMeansNormalPriority() {
        assertThat(new BroadcastOptions.Flags(true, false, true, null).priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void slowClientIsADistinctReconnectableReason() {
        assertThat(DisconnectReason.fromWireName("slow client")).isEqualTo(DisconnectReason.SLOW_CLIENT);
        assertThat(DisconnectReason.SLOW_CLIENT.reconnectable()).isTrue();
        assertThat(DisconnectReason.SLOW_CLIENT.wireName()).isEqualTo("slow client");
    }

    @Test
    void statsStartAtZeroAndTheOldConstructorStillWorks() {
        ServerStats stats = server.stats();
        assertThat(stats.volatileDrops()).isZero();
        assertThat(stats.slowClientDisconnects()).isZero();
        assertThat(new ServerStats(0, java.util.Map.of(), java.util.Map.of()).refusedHandshakes()).isZero();
    }
}
