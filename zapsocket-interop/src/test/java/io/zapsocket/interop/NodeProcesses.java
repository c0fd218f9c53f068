package io.zapsocket.interop;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts the processes of the harness ({@code driver.js}, {@code ref-server.js}, {@code cluster-node.js}, and for the
 * cluster tests nginx and Zap-Socket nodes in their own JVMs) and guarantees they die: every
 * process is registered here and its whole tree is destroyed by {@link #destroy(Process)} (called from the owners'
 * {@code close()}) and, as a last resort, by a JVM shutdown hook. Both scripts also exit by themselves when their stdin
 * closes, i.e. when this JVM is gone.
 */
final class NodeProcesses {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(NodeProcesses::destroyNow), "node-reaper"));
    }

    private NodeProcesses() {}

    /** The {@code node/} directory of this module (system property {@code zapsocket.interop.nodeDir}, set by the pom). */
    static Path nodeDir() {
        String configured = System.getProperty("zapsocket.interop.nodeDir");
        List<Path> candidates = configured != null
                ? List.of(Paths.get(configured))
                : List.of(Paths.get("node"), Paths.get("zapsocket-interop", "node"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve("driver.js"))) {
                if (!Files.isDirectory(p.resolve("node_modules"))) {
                    throw new IllegalStateException("npm packages not installed: run " + p.resolve("install.sh"));
                }
                return p.toAbsolutePath();
            }
        }
        throw new IllegalStateException("interop node/ directory not found (tried " + candidates + ")");
    }

    /** The {@code node} executable found on {@code PATH}. */
    static String nodeExecutable() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                for (String name : List.of("node", "node.exe")) {
                    File f = new File(dir, name);
                    if (f.isFile() && f.canExecute()) {
                        return f.getAbsolutePath();
                    }
                }
            }
        }
        throw new IllegalStateException("node not found on PATH");
    }

    /** Starts {@code node <script> args...} in {@link #nodeDir()}, stderr pumped to ours with the given prefix. */
    static Process start(String script, String logPrefix, List<String> args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(nodeExecutable());
        command.add(script);
        command.addAll(args);
        return startCommand(command, nodeDir().toFile(), logPrefix);
    }

    /** Starts any command in {@code dir}, registered for cleanup; stderr pumped to ours with the given prefix. */
    static Process startCommand(List<String> command, File dir, String logPrefix) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir);
        pb.environment().remove("NODE_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = pb.start();
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        pump(process.getErrorStream(), logPrefix + "-stderr", line -> System.err.println(logPrefix + " " + line));
        return process;
    }

    /** SIGTERM (a graceful stop for nginx, redis-server and the cluster nodes), SIGKILL after {@code graceMillis}. */
    static void terminate(Process process, long graceMillis) {
        if (process == null) {
            return;
        }
        process.destroy();
        awaitOrKill(process, graceMillis);
    }

    /** Reads lines on a daemon thread until EOF. */
    static Thread pump(InputStream in, String threadName, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Closes stdin (the scripts then exit on their own), waits up to {@code graceMillis}, then destroys the whole
     * process tree forcibly.
     */
    static void destroy(Process process, long graceMillis) {
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        awaitOrKill(process, graceMillis);
    }

    /** Waits up to {@code graceMillis} for a process asked to stop, then destroys its whole tree forcibly. */
    private static void awaitOrKill(Process process, long graceMillis) {
        try {
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                destroyNow(process);
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            destroyNow(process);
            Thread.currentThread().interrupt();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            LIVE.remove(process);
        }
    }

    static void destroy(Process process) {
        destroy(process, 2000);
    }

    private static void destroyNow(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Number of harness processes still alive (tests assert 0 at the end). */
    /** A launch that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface Launch {
        void run() throws IOException;
    }

    /**
     * Runs {@code launch} until it succeeds, for up to {@code retryFor}: a server restarted on the port its previous
     * process just released can briefly find it unavailable. Rethrows the last failure after the deadline.
     */
    static void retryLaunch(Launch launch, Duration retryFor) throws IOException {
        long deadline = System.nanoTime() + retryFor.toNanos();
        while (true) {
            try {
                launch.run();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static long liveCount() {
        return LIVE.stream().filter(Process::isAlive).count();
    }
}
