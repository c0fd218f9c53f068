package io.zapsocket.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running {@code node driver.js}: remote control for real {@code socket.io-client} 4.8 instances. Commands are JSON
 * lines on the process's stdin, each answered by one reply line carrying the same {@code req} number (completing the
 * {@link CompletableFuture} returned by {@link #send}); every other stdout line is a client event, queued in
 * {@link #events()}. See the header of {@code node/driver.js} for the protocol.
 */
final class NodeDriver implements AutoCloseable {
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    /** Event type of a reply line whose {@code req} matches no pending request. */
    static final String UNMATCHED_REPLY = "unmatched_reply";

    private final Process process;
    private final OutputStream stdin;
    private final RecordingQueue events = new RecordingQueue();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextReq = new AtomicLong(1);
    private volatile boolean closed;

    private NodeDriver(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        NodeProcesses.pump(process.getInputStream(), "driver-stdout", this::onLine);
        process.onExit().thenRun(() -> {
            String why = "driver exited with " + process.exitValue();
            pending.values().forEach(f -> f.completeExceptionally(new DriverException(why)));
            pending.clear();
            events.close(why);
        });
    }

    /** Starts {@code node driver.js}. */
    static NodeDriver start() throws IOException {
        return new NodeDriver(NodeProcesses.start("driver.js", "[driver]", List.of()));
    }

    RecordingQueue events() {
        return events;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private void onLine(String line) {
        JsonNode node;
        try {
            node = Json.parse(line);
        } catch (UncheckedIOException e) {
            System.err.println("[driver] (non-JSON stdout) " + line);
            return;
        }
        if (node.has("req")) {
            JsonNode req = node.get("req");
            CompletableFuture<JsonNode> f = req.isIntegralNumber() ? pending.remove(req.asLong()) : null;
            if (f == null) {
                // e.g. the reply to an unparsable line ({"req":null,...}): queued so that tests can see it.
                events.add(new DriverEvent(null, UNMATCHED_REPLY, node, System.nanoTime()));
                return;
            }
            if (node.path("ok").asBoolean(false)) {
                f.complete(node.path("result"));
            } else {
                f.completeExceptionally(new DriverException(node.path("error").asText("error")));
            }
        } else {
            events.add(new DriverEvent(node.path("client").asText(null), node.path("type").asText("?"), node,
                    System.nanoTime()));
        }
    }

    /** Sends a command (a {@code req} number is added); the future completes with its reply's {@code result}. */
    CompletableFuture<JsonNode> send(ObjectNode command) {
        long req = nextReq.getAndIncrement();
        ObjectNode cmd = command.deepCopy();
        cmd.put("req", req);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        if (closed || !process.isAlive()) {
            f.completeExceptionally(new DriverException("driver is not running"));
            return f;
        }
        pending.put(req, f);
        byte[] line = (Json.write(cmd) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            synchronized (stdin) {
                stdin.write(line);
                stdin.flush();
            }
        } catch (IOException e) {
            pending.remove(req);
            f.completeExceptionally(new DriverException("cannot write to the driver: " + e));
        }
        return f;
    }

    /** Writes one raw line to the driver's stdin (robustness tests only). */
    void sendRaw(String line) throws IOException {
        synchronized (stdin) {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }
    }

    /** Closes the driver's stdin without an {@code exit} command; the driver must then exit by itself. */
    void closeStdin() throws IOException {
        synchronized (stdin) {
            stdin.close();
        }
    }

    /** Waits for the process to end; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("driver.js still running after " + timeout.toMillis() + " ms");
        }
        return process.exitValue();
    }

    /** Sends a command and waits for its reply; error replies throw {@link DriverException}. */
    JsonNode call(ObjectNode command) {
        return await(send(command), REPLY_TIMEOUT);
    }

    static JsonNode await(CompletableFuture<JsonNode> f, Duration timeout) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no driver reply within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static ObjectNode command(String cmd, String client) {
        ObjectNode c = Json.object();
        c.put("cmd", cmd);
        if (client != null) {
            c.put("client", client);
        }
        return c;
    }

    /** Creates a client ({@code io(url, opts)}); it starts connecting at once. Await its {@code connect} event. */
    DriverClient connect(ClientSpec spec) {
        call(spec.command());
        return new DriverClient(this, spec.client);
    }

    /** Handle for a client created earlier. */
    DriverClient client(String name) {
        return new DriverClient(this, name);
    }

    /** Closes and forgets every client and clears the event queue. */
    void reset() {
        if (process.isAlive()) {
            call(command("reset", null));
        }
        events.clear();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (process.isAlive()) {
                send(command("exit", null)).get(2, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // destroyed below
        } finally {
            NodeProcesses.destroy(process);
        }
    }
}
