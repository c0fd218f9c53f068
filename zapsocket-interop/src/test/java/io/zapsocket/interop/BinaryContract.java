package io.zapsocket.interop;

import static io.zapsocket.interop.JsBinary.bytes;
import static io.zapsocket.interop.JsBinary.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Binary payloads (BINARY_EVENT / BINARY_ACK with attachments) in both directions, over both transports. */
public abstract class BinaryContract extends InteropContract {
    private static final byte[] LEADING_ZERO = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xff};

    private DriverClient connectedWith(String transport, String... subscriptions) {
        ClientSpec spec = client("bin-" + transport).subscribe(subscriptions);
        if (!transport.equals("default")) {
            spec.transports(transport);
        }
        return connected(spec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void leadingZeroBytesRoundTripThroughAnAck(String transport) {
        DriverClient c = connectedWith(transport);

        ArrayNode ack = c.request("echo", LEADING_ZERO);

        assertThat(ack).hasSize(1);
        assertThat(bytes(ack.get(0))).containsExactly(LEADING_ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void leadingZeroBytesComeBackAsAServerEvent(String transport) {
        DriverClient c = connectedWith(transport, "echo");

        c.emit("echo", LEADING_ZERO, "text after");

        DriverEvent echo = c.awaitMessage("echo");
        assertThat(bytes(echo.arg(0))).containsExactly(LEADING_ZERO);
        assertThat(echo.arg(1).asText()).isEqualTo("text after");
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void nestedAndMultipleAttachmentsKeepTheirPlaces(String transport) {
        DriverClient c = connectedWith(transport);
        byte[] a = payload(10, 1);
        byte[] b = payload(3, 2);
        byte[] empty = new byte[0];
        Object[] args = {Map.of("file", a, "meta", List.of(b, "x", Map.of("deep", empty))), "plain", b};

        ArrayNode ack = c.request("echo", args);

        assertThat(ack).isEqualTo(Json.array(args));
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void fiveHundredKilobytesRoundTrip(String transport) {
        DriverClient c = connectedWith(transport, "echo");
        byte[] big = payload(500 * 1024, 500);

        assertThat(bytes(c.request("echo", big).get(0))).isEqualTo(big);
        c.emit("echo", big);
        assertThat(bytes(c.awaitMessage("echo").arg(0))).isEqualTo(big);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void binaryServerEmitIsAcknowledgedWithBinary(String transport) {
        DriverClient c = connected(client("bin-ack").transports(transport).subscribeEcho("ask")
                .subscribe("server-ack-result"));

        c.emit("server-ack", "ask", 5000, LEADING_ZERO, Map.of("n", 1));

        DriverEvent ask = c.awaitMessage("ask");
        assertThat(bytes(ask.arg(0))).containsExactly(LEADING_ZERO);
        assertThat(c.awaitMessage("server-ack-result").arg(0))
                .isEqualTo(Json.tree(Map.of("ok", true, "response", List.of(LEADING_ZERO, Map.of("n", 1)))));
    }
}
