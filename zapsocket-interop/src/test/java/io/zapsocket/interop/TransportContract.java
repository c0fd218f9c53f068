package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

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
        int upgraded = 0;
        for (int i = 0; i < 100; i++) {
            DriverClient c = connect(client("upgrade-" + i));
            assertThat(c.awaitEvent("open").text("transport")).as("attempt %d starts with", i).isEqualTo("polling");
            c.awaitConnect();
            if ("websocket".equals(c.awaitEvent("upgrade").text("transport"))) {
                upgraded++;
            }
            assertThat(c.request("echo", i)).isEqualTo(Json.array(i));
            assertThat(c.state().path("transport").asText()).isEqualTo("websocket");
            c.disconnect();
            c.awaitEvent("disconnect");
        }
        assertThat(upgraded).isEqualTo(100);
    }
}
