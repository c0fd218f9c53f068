package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Disconnections: server-initiated, client-initiated, and reconnection after a server restart on the same port. */
public abstract class DisconnectContract extends InteropContract {

    @ParameterizedTest(name = "close={0}")
    @ValueSource(booleans = {false, true})
    void serverDisconnectIsFinal(boolean close) {
        DriverClient c = connected(client("a").reconnectionDelay(50, 100));

        c.emit("disconnect-me", close);

        assertThat(c.awaitEvent("disconnect").text("reason")).isEqualTo("io server disconnect");
        JsonNode state = c.state();
        assertThat(state.path("connected").asBoolean()).isFalse();
        assertThat(state.path("active").asBoolean()).as("will not reconnect").isFalse();
        // Nothing marks "the client decided not to reconnect"; give it 10x the reconnection delay.
        c.assertNoEventWithin("reconnect_attempt", Duration.ofMillis(500));
        c.assertNoEvent("connect");
    }

    @Test
    void clientDisconnectIsFinal() {
        DriverClient c = connected(client("a").reconnectionDelay(50, 100));

        c.disconnect();

        assertThat(c.awaitEvent("disconnect").text("reason")).isEqualTo("io client disconnect");
        assertThat(c.state().path("active").asBoolean()).isFalse();
    }

    @Test
    void clientCanConnectAgainAfterAServerDisconnect() {
        DriverClient c = connect(client("a").subscribe("welcome"));
        String first = c.awaitConnect();
        c.awaitMessage("welcome");
        c.emit("disconnect-me", false);
        c.awaitEvent("disconnect");

        c.connectAgain();

        String second = c.awaitConnect();
        assertThat(second).isNotEqualTo(first);
        assertThat(c.awaitMessage("welcome").arg(0).path("id").asText()).isEqualTo(second);
    }

    @ParameterizedTest(name = "transports={0}")
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void reconnectsAfterTheServerRestartsOnTheSamePort(String transports) throws Exception {
        AppServer restartable = startExtraServer(options());
        DriverClient c = connect(ClientSpec.client("a", restartable.url())
                .transports(transports.split(","))
                .reconnectionDelay(100, 500)
                .subscribe("welcome"));
        String first = c.awaitConnect();
        c.awaitMessage("welcome");
        assertThat(c.request("echo", "before")).isEqualTo(Json.array("before"));

        restartable.restart();

        assertThat(c.awaitEvent("disconnect").text("reason")).isIn(Set.of("transport close", "transport error"));
        c.awaitEvent("reconnect_attempt");
        assertThat(c.awaitEvent("reconnect", Duration.ofSeconds(15)).field("attempt").asInt()).isPositive();
        String second = c.awaitConnect();
        assertThat(second).as("a new session (no connection state recovery)").isNotEqualTo(first);
        assertThat(c.awaitMessage("welcome").arg(0).path("id").asText()).isEqualTo(second);
        assertThat(c.request("echo", "after restart")).isEqualTo(Json.array("after restart"));
    }
}
