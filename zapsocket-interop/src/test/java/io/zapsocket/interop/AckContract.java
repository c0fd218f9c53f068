package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Events and acknowledgements in both directions, ack timeouts, many acks in flight over polling. */
public abstract class AckContract extends InteropContract {

    @Test
    void clientEmitIsAcknowledgedWithTheSameArgs() {
        DriverClient c = connected(client("a"));

        Object[] args = {"text", 1, 2.5, -3, true, false, NullNode.getInstance(),
                Map.of("k", List.of(1, "x", Map.of())), List.of(), "ünïcødé ✓ \"quoted\" \n newline"};
        assertThat(c.request("echo", args)).isEqualTo(Json.array(args));
        assertThat(c.request("echo")).as("ack without args").isEqualTo(Json.array());
    }

    @Test
    void emitWithoutAckIsEchoedAsAnEvent() {
        DriverClient c = connected(client("a").subscribe("echo"));

        c.emit("echo", "x", 1, Map.of("y", true));

        DriverEvent echo = c.awaitMessage("echo");
        assertThat(echo.args()).isEqualTo(Json.array("x", 1, Map.of("y", true)));
        assertThat(echo.hasAck()).isFalse();
    }

    @Test
    void serverEmitIsAcknowledgedByTheClient() {
        DriverClient c = connected(client("a").subscribeWithAck("ask", "pong", 42).subscribe("server-ack-result"));

        c.emit("server-ack", "ask", 5000, "ping", Map.of("n", 1));

        DriverEvent ask = c.awaitMessage("ask");
        assertThat(ask.args()).isEqualTo(Json.array("ping", Map.of("n", 1)));
        assertThat(ask.hasAck()).isTrue();
        assertThat(c.awaitMessage("server-ack-result").arg(0))
                .isEqualTo(Json.tree(Map.of("ok", true, "response", List.of("pong", 42))));
    }

    @Test
    void serverAckTimesOutWhenTheClientDoesNotAnswer() {
        DriverClient c = connected(client("a").subscribe("ask-silently", "server-ack-result"));

        c.emit("server-ack", "ask-silently", 200, "x");

        assertThat(c.awaitMessage("ask-silently").hasAck()).isTrue();
        assertThat(c.awaitMessage("server-ack-result").arg(0))
                .isEqualTo(Json.tree(Map.of("ok", false, "error", "operation has timed out")));
    }

    @Test
    void clientAckTimesOutWhenTheServerIgnoresTheEvent() throws Exception {
        DriverClient c = connected(client("a"));

        long start = System.nanoTime();
        CompletableFuture<ArrayNode> ack = c.emitWithAck(Duration.ofMillis(200), "ignored", 1);

        assertThat(ack).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(DriverException.class)
                .withMessage("operation has timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThat(c.request("echo", "still connected")).isEqualTo(Json.array("still connected"));
    }

    @Test
    void fiveHundredBackToBackAcksOverPollingArriveInOrder() throws Exception {
        DriverClient c = connected(client("poller").transports("polling"));
        int n = 500;
        List<Integer> completionOrder = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<ArrayNode>> acks = new ArrayList<>();

        for (int i = 0; i < n; i++) {
            int index = i;
            CompletableFuture<ArrayNode> ack = c.emitWithAck("echo", i, "message-" + i);
            acks.add(ack.whenComplete((r, e) -> completionOrder.add(index)));
        }

        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < n; i++) {
            JsonNode ack = acks.get(i).join();
            assertThat(ack).as("ack %d", i).isEqualTo(Json.array(i, "message-" + i));
        }
        assertThat(completionOrder).containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());
        assertThat(c.state().path("transport").asText()).isEqualTo("polling");
    }
}
