package io.zapsocket.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server under test, started as a child process pinned with {@code taskset -c <cpu>} ({@code taskset} execs the
 * command, so the child's pid is the server's). Speaks the stdin/stdout control protocol of the benchmark servers
 * and reads its CPU time and RSS from /proc. Closing stdin makes the server exit; {@link #close()} waits for that,
 * then destroys it.
 *
 * <p>The same protocol (a first JSON line when ready, one JSON line per stdin command, exit at end of stdin) also
 * drives the load-generator processes of {@link IdleCluster}: {@link #launch} starts one without waiting for its
 * first line, {@link #awaitReady} waits for it.
 */
public final class ServerProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSpec spec;
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private JsonNode ready;
    private int port = -1;

    private ServerProcess(ServerSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    if (l.startsWith("{")) {
                        lines.add(l);
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        }, "server-stdout-" + spec.id());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the server pinned to {@code cpu} and waits until it listens; its stderr goes to {@code log}. */
    public static ServerProcess start(ServerSpec spec, String cpu, File log) {
        ServerProcess p = launch(spec, cpu, log);
        try {
            p.awaitReady(60);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /**
     * Waits (at most {@code seconds}) for the process's first JSON line and returns it; its {@code port}, if any,
     * becomes {@link #port()}. Idempotent.
     */
    public JsonNode awaitReady(int seconds) {
        if (ready == null) {
            ready = next(seconds);
            port = ready.path("port").asInt(-1);
        }
        return ready;
    }

    /** Starts the process pinned to {@code cpu} without waiting for its first line; stderr goes to {@code log}. */
    static ServerProcess launch(ServerSpec spec, String cpu, File log) {
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", cpu));
        cmd.addAll(spec.command());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log));
        pb.environment().putAll(spec.env());
        try {
            return new ServerProcess(spec, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ServerSpec spec() {
        return spec;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long cpuNanos() {
        return ProcStat.cpuNanos(pid());
    }

    public long rssBytes() {
        return ProcStat.rssBytes(pid());
    }

    /** {@code stats}: full GC, then heap used, RSS and connected sockets. */
    public JsonNode stats() {
        return command("stats");
    }

    /** Connected sockets (main namespace; connections for the floor). */
    public int sockets() {
        return command("count").get("sockets").asInt();
    }

    /** Sends one stdin command and returns the answer line. */
    synchronized JsonNode command(String cmd) {
        try {
            stdin.write((cmd + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("server " + spec.id() + " is gone", e);
        }
        return next(120);
    }

    private JsonNode next(int seconds) {
        try {
            String l = lines.poll(seconds, TimeUnit.SECONDS);
            if (l == null) {
                throw new IllegalStateException("no answer from server " + spec.id() + " (alive: "
                        + process.isAlive() + ")");
            }
            return JSON.readTree(l);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Closes stdin (the process then exits) without waiting; {@link #close()} waits. */
    void stop() {
        try {
            stdin.close();
        } catch (IOException e) {
            process.destroyForcibly();
        }
    }

    /**
     * Closes stdin and waits up to {@code seconds} for the process to exit by itself (e.g. a JVM writing its AOT
     * cache at exit); destroys it if it does not. Returns whether it exited by itself.
     */
    boolean closeAndAwaitExit(int seconds) {
        try {
            stdin.close();
            if (process.waitFor(seconds, TimeUnit.SECONDS)) {
                return true;
            }
        } catch (IOException e) {
            // fall through: destroyed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return false;
    }

    @Override
    public void close() {
        try {
            stdin.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
