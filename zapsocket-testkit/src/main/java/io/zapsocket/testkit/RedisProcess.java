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
 * ({@code --save "" --appendonly no}), its own temp directory, output discarded. {@link #close()} kills it; a JVM
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
    private volatile Process process;

    private RedisProcess(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts {@code redis-server} (from {@code PATH}) and waits until it answers {@code PING}. */
    public static RedisProcess start() throws IOException {
        int port;
        do {
            port = freePort();
        } while (port == 6379);
        RedisProcess r = new RedisProcess(port, Files.createTempDirectory("zap-redis-"));
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
        ProcessBuilder pb = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--loglevel", "warning"))
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

    /** Stops Redis, keeps it down for {@code downtime}, then starts it again, empty, on the same port. */
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
