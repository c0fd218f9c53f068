package io.zapsocket.webtransport;

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

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Headless chromium with QUIC, driven through {@code e2e/driver.js} (playwright-core from zapsocket-examples/e2e):
 * one page, one JSON request per line. {@link #close()} closes stdin (the driver then quits the browser) and kills
 * the process tree if it lingers.
 */
final class ChromiumDriver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final OutputStream stdin;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, BlockingQueue<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> ready = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    private ChromiumDriver(Process process) throws InterruptedException {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread out = new Thread(this::readAnswers, "chromium-driver-out");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (stderr.length() < 20_000) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // gone
            }
        }, "chromium-driver-err");
        err.setDaemon(true);
        err.start();
        if (ready.poll(90, TimeUnit.SECONDS) == null) {
            close();
            throw new IllegalStateException("the browser driver did not start: " + stderr);
        }
    }

    /** Starts the driver; skips the test when chromium or playwright-core is missing outside CI. */
    static ChromiumDriver start() throws Exception {
        Path chromium = Path.of(System.getProperty("zapsocket.e2e.chromium", "/usr/bin/chromium"));
        Path modules = Path.of(System.getProperty("zapsocket.e2e.modules", "../zapsocket-examples/e2e/node_modules"));
        String missing = !Files.isExecutable(chromium) ? "chromium not found at " + chromium
                : !Files.isDirectory(modules.resolve("playwright-core"))
                ? "playwright-core not installed in " + modules + " (run zapsocket-examples/e2e/install.sh)" : null;
        if (missing != null) {
            if (System.getenv("CI") != null) {
                fail(missing);
            }
            System.err.println("WebTransportBrowserIT SKIPPED: " + missing);
            assumeTrue(false, missing);
        }
        ProcessBuilder pb = new ProcessBuilder("node", "e2e/driver.js", modules.toAbsolutePath().toString(),
                chromium.toString());
        return new ChromiumDriver(pb.start());
    }

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
                throw new IllegalStateException("no answer to " + req + ": " + stderr);
            }
            if (!r.path("ok").asBoolean()) {
                throw new AssertionError(cmd + " " + args + ": " + r.path("error").asText());
            }
            return r.path("result");
        } catch (IOException e) {
            throw new IllegalStateException("driver gone: " + stderr, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            waiting.remove(id);
        }
    }

    /** Opens {@code url} as the page (a fresh browser context). */
    void open(String url) {
        call("open", Map.of("url", url), Duration.ofSeconds(30));
    }

    /** Evaluates a JavaScript expression in the page. */
    JsonNode eval(String expression) {
        return call("eval", Map.of("expression", expression), Duration.ofSeconds(10));
    }

    /** Waits until the expression is truthy; fails with the page's console log when it does not become so. */
    void waitFor(String expression, Duration timeout) {
        try {
            call("waitFor", Map.of("expression", expression, "timeout", timeout.toMillis()), timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nevents: " + eval("JSON.stringify(window.events)")
                    + "\nconsole: " + call("log", Map.of(), Duration.ofSeconds(5)), e);
        }
    }

    private void readAnswers() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    continue;
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
            // gone
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // gone already
        }
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
