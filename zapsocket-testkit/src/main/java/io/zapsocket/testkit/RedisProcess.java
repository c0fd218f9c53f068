package io.zapsocket.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away {@code redis-server} for tests: a free loopback port (never 6379), no persistence
 * ({@code --save "" --appendonly no}, or an fsynced append-only file with {@link #startWithAof()}), its own temp directory, output discarded. {@link #close()} kills it; a JVM
 * shutdown hook kills whatever a failed test left running.
 */
public final class RedisProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "redis-reaper"));
    }

    private final int port;
    private final Path dir;
    private final List<String> persistence;
    private volatile Process process;

    private RedisProcess(int port, Path dir, List<String> persistence) {
        this.port = port;
        this.dir = dir;
        this.persistence = persistence;
    }

    /** Starts {@code redis-server} (from {@code PATH}) and waits until it answers {@code PING}. */
    public static RedisProcess start() throws IOException {
        return start(List.of("--save", "", "--appendonly", "no"));
    }

    /**
     * Starts {@code redis-server} with the append-only file on and fsynced before every reply
     * ({@code --appendonly yes --appendfsync always}): whatever Redis acknowledged survives {@link #kill()} and
     * {@link #restart}.
     */
    public static RedisProcess startWithAof() throws IOException {
        return start(List.of("--save", "", "--appendonly", "yes", "--appendfsync", "always"));
    }

    private static RedisProcess start(List<String> persistence) throws IOException {
        int port;
        do {
            port = freePort();
        } while (port == 6379);
        RedisProcess r = new RedisProcess(port, Files.createTempDirectory("zap-redis-"), persistence);
        r.startProcess();
        return r;
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    private void startProcess() throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--loglevel", "warning"));
        command.addAll(persistence);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile());
        Process p = pb.start();
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
        process = p;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ping()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                stop();
                throw new IOException("redis-server did not start on port " + port + ": " + log());
            }
            sleep(20);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Whether Redis answers {@code PING} now. */
    public boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops Redis (SIGTERM, SIGKILL after 5 s). Without persistence every key and stream is gone. */
    public void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(p);
        }
    }

    /** Kills Redis with SIGKILL (no shutdown, no final save), like a crash. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(p);
        }
    }

    /**
     * Stops Redis, keeps it down for {@code downtime}, then starts it again on the same port and directory: empty
     * by default, with its data when started {@link #startWithAof() with the append-only file}.
     */
    public void restart(Duration downtime) throws IOException {
        stop();
        sleep(downtime.toMillis());
        startProcess();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
