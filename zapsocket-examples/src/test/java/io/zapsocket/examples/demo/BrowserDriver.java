package io.zapsocket.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless chromium driven through {@code e2e/driver.js} (playwright-core): one JSON request per line, one
 * answer per line. Pages are named; each has its own browser context. {@link #close()} quits the browser and
 * kills the node process and everything it started; so does a JVM shutdown hook, and the driver itself exits
 * when its stdin closes.
 */
final class BrowserDriver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final OutputStream stdin;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, BlockingQueue<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> ready = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread hook;
    private final String browserVersion;

    private BrowserDriver(Process process) throws Exception {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.hook = new Thread(this::kill, "browser-driver-kill");
        Runtime.getRuntime().addShutdownHook(hook);
        Thread out = new Thread(this::readAnswers, "browser-driver-out");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(this::readErrors, "browser-driver-err");
        err.setDaemon(true);
        err.start();
        JsonNode r = ready.poll(90, TimeUnit.SECONDS);
        if (r == null) {
            kill();
            throw new IllegalStateException("the browser driver did not start: " + stderr());
        }
        this.browserVersion = r.path("version").asText();
    }

    /** Starts node {@code driver.js} from {@code e2eDir} with the given chromium. */
    static BrowserDriver start(Path e2eDir, Path chromium) throws Exception {
        if (!Files.isDirectory(e2eDir.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed in " + e2eDir + " (run e2e/install.sh)");
        }
        ProcessBuilder pb = new ProcessBuilder("node", "driver.js", chromium.toString()).directory(e2eDir.toFile());
        return new BrowserDriver(pb.start());
    }

    String browserVersion() {
        return browserVersion;
    }

    /** Sends a command and waits for its answer; a failed command throws with the driver's message. */
    JsonNode call(String cmd, Map<String, ?> args, Duration timeout) {
        int id = ids.incrementAndGet();
        ObjectNode req = JSON.createObjectNode().put("id", id).put("cmd", cmd);
        args.forEach((k, v) -> req.set(k, JSON.valueToTree(v)));
        BlockingQueue<JsonNode> answer = new LinkedBlockingQueue<>();
        waiting.put(id, answer);
        try {
            synchronized (stdin) {
                stdin.write((JSON.writeValueAsString(req) + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
            JsonNode r = answer.poll(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new IllegalStateException("no answer to " + req + " (driver alive: " + process.isAlive()
                        + ", stderr: " + stderr() + ")");
            }
            if (!r.path("ok").asBoolean()) {
                throw new AssertionError(cmd + " " + args + ": " + r.path("error").asText());
            }
            return r.path("result");
        } catch (IOException e) {
            throw new IllegalStateException("driver gone: " + stderr(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            waiting.remove(id);
        }
    }

    JsonNode call(String cmd, Map<String, ?> args) {
        return call(cmd, args, Duration.ofSeconds(10));
    }

    private void readAnswers() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // not ours (a library printing to stdout)
                }
                if (n.has("ready")) {
                    ready.add(n);
                } else {
                    BlockingQueue<JsonNode> q = waiting.get(n.path("id").asInt());
                    if (q != null) {
                        q.add(n);
                    }
                }
            }
        } catch (IOException e) {
            // process gone
        }
    }

    private void readErrors() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (stderr) {
                    if (stderr.length() < 20_000) {
                        stderr.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            // process gone
        }
    }

    private String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                call("quit", Map.of(), Duration.ofSeconds(5));
            } catch (RuntimeException | AssertionError e) {
                // killed below
            }
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down
        }
    }

    /** Kills chromium (the node process's descendants) and node. */
    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
