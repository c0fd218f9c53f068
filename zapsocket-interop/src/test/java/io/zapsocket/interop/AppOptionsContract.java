package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The configurable options of the app (node/APP.md §Options) are honoured: a short {@code pingInterval} and a small
 * {@code maxHttpBufferSize}.
 */
public abstract class AppOptionsContract extends InteropContract {
    static final int MAX_HTTP_BUFFER_SIZE = 10_000;

    @Override
    protected AppOptions options() {
        return AppOptions.DEFAULTS.withPing(Duration.ofMillis(150), Duration.ofMillis(1000))
                .withMaxHttpBufferSize(MAX_HTTP_BUFFER_SIZE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void serverPingsAtTheConfiguredInterval(String transport) {
        DriverClient c = connected(client("pinged").transports(transport));

        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            c.awaitEvent("ping", Duration.ofSeconds(2));
        }
        // 4 pings 150 ms apart: about 600 ms; far below the default interval of 25 s.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(c.state().path("connected").asBoolean()).isTrue();
        c.assertNoEvent("disconnect");
        assertThat(c.request("echo", "alive")).isEqualTo(Json.array("alive"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void messageBelowMaxHttpBufferSizeIsAccepted(String transport) {
        DriverClient c = connected(client("small").transports(transport));
        String text = "x".repeat(MAX_HTTP_BUFFER_SIZE - 100);

        assertThat(c.request("echo", text)).isEqualTo(Json.array(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void messageAboveMaxHttpBufferSizeClosesTheConnection(String transport) {
        DriverClient c = connected(client("big").transports(transport).reconnection(false));

        c.emit("echo", "x".repeat(2 * MAX_HTTP_BUFFER_SIZE));

        DriverEvent disconnect = c.awaitEvent("disconnect");
        if (transport.equals("polling")) {
            // The POST is refused with HTTP 413.
            assertThat(disconnect.text("reason")).isEqualTo("transport error");
            assertThat(disconnect.text("description")).isEqualTo("413");
        } else {
            // The WebSocket is closed (code 1009).
            assertThat(disconnect.text("reason")).isEqualTo("transport close");
        }
    }
}
