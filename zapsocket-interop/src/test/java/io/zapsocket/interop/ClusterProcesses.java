package io.zapsocket.interop;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts the non-Node processes of the cluster tests (redis-server, nginx, Zap cluster nodes in their own JVMs) and
 * guarantees they die: {@link #stop} on close, and a shutdown hook for whatever a failed test left behind. The JVM
 * nodes also exit when their stdin closes, i.e. when this JVM is gone.
 */
final class ClusterProcesses {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }), "cluster-reaper"));
    }

    private ClusterProcesses() {
    }

    /** Starts a command; stderr is pumped to ours with the prefix; stdout is left to the caller. */
    static Process start(List<String> command, File dir, String logPrefix) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir);
        pb.environment().remove("NODE_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
        NodeProcesses.pump(p.getErrorStream(), logPrefix + "-stderr", line -> System.err.println(logPrefix + " " + line));
        return p;
    }

    /** SIGTERM, then SIGKILL after {@code graceMillis}. */
    static void stop(Process p, long graceMillis) {
        if (p == null) {
            return;
        }
        try {
            p.destroy();
            if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
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

    static long liveCount() {
        return LIVE.stream().filter(Process::isAlive).count();
    }
}
