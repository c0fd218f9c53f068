package io.zapsocket.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One remote {@code socket.io-client} socket, by name. */
final class DriverClient {
    private final NodeDriver driver;
    private final String name;

    DriverClient(NodeDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    String name() {
        return name;
    }

    // ---- commands -------------------------------------------------------------------------------------------------

    /** {@code socket.emit(event, ...args)} without ack; returns once the driver has handed it to the socket. */
    void emit(String event, Object... args) {
        driver.call(emitCommand(event, args));
    }

    /** {@code socket.emitWithAck(event, ...args)}: completes with all ack args (or fails with a DriverException). */
    CompletableFuture<ArrayNode> emitWithAck(String event, Object... args) {
        ObjectNode cmd = emitCommand(event, args);
        cmd.put("ack", true);
        return driver.send(cmd).thenApply(r -> (ArrayNode) r);
    }

    /** {@code socket.timeout(ms).emitWithAck(event, ...args)}; fails with "operation has timed out". */
    CompletableFuture<ArrayNode> emitWithAck(Duration timeout, String event, Object... args) {
        ObjectNode cmd = emitCommand(event, args);
        cmd.put("ack", true);
        cmd.put("timeout", timeout.toMillis());
        return driver.send(cmd).thenApply(r -> (ArrayNode) r);
    }

    /** {@link #emitWithAck(String, Object...)} and wait (10 s) for the ack args. */
    ArrayNode request(String event, Object... args) {
        return (ArrayNode) NodeDriver.await(emitWithAck(event, args).thenApply(a -> (JsonNode) a),
                NodeDriver.REPLY_TIMEOUT);
    }

    private ObjectNode emitCommand(String event, Object... args) {
        ObjectNode cmd = NodeDriver.command("emit", name);
        cmd.put("event", event);
        cmd.set("args", Json.array(args));
        return cmd;
    }

    /** Subscribe to {@code event}; server acks are left unanswered. */
    void on(String event) {
        ObjectNode cmd = NodeDriver.command("on", name);
        cmd.put("event", event);
        driver.call(cmd);
    }

    /** Subscribe to {@code event} and answer the server's ack with {@code ackArgs}. */
    void onWithAck(String event, Object... ackArgs) {
        ObjectNode cmd = NodeDriver.command("on", name);
        cmd.put("event", event);
        cmd.set("ackWith", Json.array(ackArgs));
        driver.call(cmd);
    }

    /** Subscribe to {@code event} and answer the server's ack with the received args. */
    void onEcho(String event) {
        ObjectNode cmd = NodeDriver.command("on", name);
        cmd.put("event", event);
        cmd.put("ackWith", "echo");
        driver.call(cmd);
    }

    void onAny() {
        driver.call(NodeDriver.command("onAny", name));
    }

    /** {@code socket.disconnect()}. */
    void disconnect() {
        driver.call(NodeDriver.command("disconnect", name));
    }

    /** {@code socket.connect()} again after a disconnect. */
    void connectAgain() {
        driver.call(NodeDriver.command("connectAgain", name));
    }

    /** Points the client at another server and drops its connection: it reconnects (and recovers) there. */
    void retarget(String url) {
        ObjectNode cmd = NodeDriver.command("retarget", name);
        cmd.put("url", url);
        driver.call(cmd);
    }

    /** Closes the Manager (the engine connection). */
    void closeManager() {
        driver.call(NodeDriver.command("close", name));
    }

    /** {connected, disconnected, active, id, recovered, transport, engineId}. */
    JsonNode state() {
        return driver.call(NodeDriver.command("state", name));
    }

    // ---- events ---------------------------------------------------------------------------------------------------

    DriverEvent awaitEvent(String type) {
        return driver.events().awaitEvent(name, type);
    }

    DriverEvent awaitEvent(String type, Duration timeout) {
        return driver.events().awaitEvent(name, type, timeout);
    }

    /** Waits for {@code connect} and returns the socket id. */
    String awaitConnect() {
        return awaitEvent("connect").text("id");
    }

    /** Waits for the subscribed event {@code name}. */
    DriverEvent awaitMessage(String event) {
        return driver.events().awaitMessage(name, event);
    }

    DriverEvent awaitMessage(String event, Duration timeout) {
        return driver.events().awaitMessage(name, event, timeout);
    }

    void assertNoEvent(String type) {
        driver.events().assertNoEvent(name, type);
    }

    void assertNoMessage(String event) {
        driver.events().assertNoMessage(name, event);
    }

    void assertNoEventWithin(String type, Duration window) {
        driver.events().assertNoEventWithin(name, type, window);
    }

    @Override
    public String toString() {
        return "client " + name;
    }
}
