package io.zapsocket.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL for tests: {@code initdb} into its own temp directory, then {@code postgres} on a free
 * loopback port (never 5432), Unix socket in that directory, {@code fsync=off}, trust authentication for the
 * superuser {@code postgres}. {@link #close()} stops it (fast shutdown, SIGKILL after 10 s) and deletes the
 * directory; a JVM shutdown hook kills whatever a failed test left running.
 *
 * <p>The binaries are the newest under {@code /usr/lib/postgresql/<version>/bin} (Debian's layout), else those on
 * {@code PATH}. PostgreSQL refuses to run as root: as root, both commands run as the {@code postgres} system user
 * (through {@code runuser}), which then owns the temp directory.
 */
public final class PostgresProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "postgres-reaper"));
    }

    private final int port;
    private final Path dir;
    private final Path bin;
    private final String runAs;
    private Process process;

    private PostgresProcess(int port, Path dir, Path bin, String runAs) {
        this.port = port;
        this.dir = dir;
        this.bin = bin;
        this.runAs = runAs;
    }

    /** Whether {@code initdb} and {@code postgres} can be found. */
    public static boolean available() {
        return binaries() != null;
    }

    /** Runs {@code initdb}, starts {@code postgres} and waits until it accepts connections (at most 30 s). */
    public static PostgresProcess start() throws IOException {
        Path bin = binaries();
        if (bin == null) {
            throw new IOException("PostgreSQL binaries not found (initdb, postgres) under /usr/lib/postgresql/*/bin"
                    + " or on PATH: install the postgresql package");
        }
        int port;
        do {
            port = RedisProcess.freePort();
        } while (port == 5432);
        String runAs = "root".equals(System.getProperty("user.name")) ? "postgres" : null;
        Path dir = Files.createTempDirectory("zap-postgres-");
        PostgresProcess p = new PostgresProcess(port, dir, bin, runAs);
        try {
            if (runAs != null) {
                UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(runAs);
                Files.setOwner(dir, owner);
            }
            p.initdb();
            p.startServer();
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path best = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                        .max(Comparator.comparingInt(PostgresProcess::version)).orElse(null);
                if (best != null) {
                    return best;
                }
            } catch (IOException ignored) {
                // fall back to PATH
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String p : path.split(":")) {
                Path b = Path.of(p);
                if (Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres"))) {
                    return b;
                }
            }
        }
        return null;
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private List<String> command(String program, String... args) {
        List<String> cmd = new ArrayList<>();
        if (runAs != null) {
            cmd.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        cmd.add(bin.resolve(program).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void initdb() throws IOException {
        Process p = new ProcessBuilder(command("initdb", "-D", data().toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync")).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("initdb.log").toFile()).start();
        LIVE.add(p);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("initdb failed: " + read("initdb.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            LIVE.remove(p);
        }
    }

    private void startServer() throws IOException {
        Process p = new ProcessBuilder(command("postgres", "-D", data().toString(), "-p", Integer.toString(port),
                "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=50",
                "-c", "shared_buffers=16MB")).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("postgres.log").toFile()).start();
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
        process = p;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!read("postgres.log").contains("ready to accept connections")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("postgres did not start on port " + port + ": " + read("postgres.log"));
            }
            sleep(50);
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            return "";
        }
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres?user=postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** {@code postgres://postgres@127.0.0.1:<port>/postgres} (node-postgres' connection string). */
    public String uri() {
        return "postgres://postgres@127.0.0.1:" + port + "/postgres";
    }

    /** Stops PostgreSQL ({@code pg_ctl stop -m fast}; SIGKILL after 10 s) and deletes its directory. Idempotent. */
    @Override
    public void close() {
        Process p = process;
        process = null;
        if (p != null) {
            try {
                // fast shutdown: clients are disconnected at once (a plain SIGTERM would wait for them to leave)
                new ProcessBuilder(command("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "-t", "10", "stop"))
                        .redirectErrorStream(true).redirectOutput(dir.resolve("pg_ctl.log").toFile()).start()
                        .waitFor(15, TimeUnit.SECONDS);
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                LIVE.remove(p);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
