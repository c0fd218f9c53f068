package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transports of the official JS client: polling only, WebSocket only, polling upgraded to WebSocket. */
public abstract class TransportContract extends InteropContract {

    @Test
    void connectsWithPollingOnly() {
        DriverClient c = connect(client("polling").transports("polling").subscribe("welcome"));

        DriverEvent connect = c.awaitEvent("connect");
        assertThat(connect.text("transport")).isEqualTo("polling");
        assertThat(c.awaitMessage("welcome").arg(0).path("id").asText()).isEqualTo(connect.text("id"));
        assertThat(c.request("echo", "over polling")).isEqualTo(Json.array("over polling"));

        assertThat(c.state().path("transport").asText()).isEqualTo("polling");
        c.assertNoEvent("upgrade");
    }

    @Test
    void connectsWithWebSocketOnly() {
        DriverClient c = connect(client("ws").transports("websocket").subscribe("welcome"));

        assertThat(c.awaitEvent("open").text("transport")).isEqualTo("websocket");
        DriverEvent connect = c.awaitEvent("connect");
        assertThat(connect.text("transport")).isEqualTo("websocket");
        assertThat(c.awaitMessage("welcome").arg(0).path("id").asText()).isEqualTo(connect.text("id"));
        assertThat(c.request("echo", "over websocket")).isEqualTo(Json.array("over websocket"));
        c.assertNoEvent("upgrade");
    }

    @Test
    void upgradesFromPollingToWebSocketEveryTime() {
        int attempts = 100;
        int upgraded = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            DriverClient c = connect(client("upgrade-" + i));
            try {
                assertThat(c.awaitEvent("open").text("transport")).isEqualTo("polling");
                c.awaitConnect();
                assertThat(c.awaitEvent("upgrade", Duration.ofSeconds(5)).text("transport")).isEqualTo("websocket");
                assertThat(c.request("echo", i)).isEqualTo(Json.array(i));
                assertThat(c.state().path("transport").asText()).isEqualTo("websocket");
                upgraded++;
            } catch (AssertionError | DriverException e) {
                failures.add("attempt " + i + ": " + e.getMessage());
            } finally {
                c.disconnect();
            }
            if (failures.size() == 5) {
                break; // enough to diagnose; don't spend minutes on timeouts
            }
        }
        assertThat(upgraded).as("upgraded connections; failures: %s", failures).isEqualTo(attempts);
    }
}
