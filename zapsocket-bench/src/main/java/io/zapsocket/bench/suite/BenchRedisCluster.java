package io.zapsocket.bench.suite;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The Redis Cluster of the {@code cluster-fanout-rc-N} scenarios: {@value #MASTERS} masters of
 * {@code redis-server --cluster-enabled yes}, no replicas, on free loopback ports (never 6379; the cluster bus on a
 * second free port each), in one temp directory, no persistence, each pinned with {@code taskset -c <cpu>} (taskset
 * execs redis-server: the child's pid is Redis's, so its CPU time can be read). Created with
 * {@code redis-cli --cluster create ... --cluster-replicas 0 --cluster-yes}; {@link #start} returns once every node
 * reports {@code cluster_state:ok}.
 *
 * <p>Not testkit's {@code RedisClusterProcess} (3 masters + 3 replicas for the failover tests): the bench needs the
 * nodes pinned to the server core, their pids for the CPU figures, and no replicas (a replica receives every
 * {@code SPUBLISH} of its shard too, which would count the replication in the Redis CPU per message).
 */
final class BenchRedisCluster implements AutoCloseable {
    /** Masters of the cluster (Redis's minimum for {@code --cluster create}). */
    static final int MASTERS = 3;

    private final Path dir;
    private final Map<Integer, Process> nodes = new LinkedHashMap<>();

    private BenchRedisCluster(Path dir) {
        this.dir = dir;
    }

    /** Starts the masters pinned to {@code cpu}, creates the cluster and waits (at most 30 s) until it is ok. */
    static BenchRedisCluster start(String cpu, File log) {
        BenchRedisCluster c;
        try {
            c = new BenchRedisCluster(Files.createTempDirectory("zap-bench-redis-cluster-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            c.startNodes(cpu, log);
            c.create();
            c.awaitOk(30_000);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private void startNodes(String cpu, File log) throws IOException {
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < MASTERS; i++) {
            int port = freePort(used);
            int bus = freePort(used);
            ProcessBuilder pb = new ProcessBuilder("taskset", "-c", cpu, "redis-server", "--port",
                    Integer.toString(port), "--cluster-port", Integer.toString(bus), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(),
                    "--loglevel", "warning")
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
            try {
                nodes.put(port, pb.start());
            } catch (IOException e) {
                throw new IOException("redis-server (needs Redis 7+ and taskset on PATH)", e);
            }
        }
        long deadline = System.currentTimeMillis() + 20_000;
        for (int port : nodes.keySet()) {
            while (!"PONG".equals(cli(port, "PING").trim())) {
                if (!nodes.get(port).isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IOException("redis-server did not start on port " + port);
                }
                sleep(20);
            }
        }
    }

    private void create() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.keySet().forEach(p -> cmd.add("127.0.0.1:" + p));
        cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        String out = run(cmd, 30);
        if (!out.contains("[OK] All 16384 slots covered")) {
            throw new IOException("redis-cli --cluster create failed: " + out);
        }
    }

    private void awaitOk(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (int port : nodes.keySet()) {
            while (!cli(port, "CLUSTER", "INFO").contains("cluster_state:ok")) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("Redis Cluster not ok in " + timeoutMillis + " ms: "
                            + cli(port, "CLUSTER", "NODES"));
                }
                sleep(100);
            }
        }
    }

    /** {@code redis://127.0.0.1:P1,redis://127.0.0.1:P2,...}: every node, the seeds of a cluster client. */
    String seeds() {
        return nodes.keySet().stream().map(p -> "redis://127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** CPU time of all nodes so far (user + system, from /proc). */
    long cpuNanos() {
        long sum = 0;
        for (Process p : nodes.values()) {
            sum += ProcStat.cpuNanosPrecise(p.pid());
        }
        return sum;
    }

    /**
     * Sharded subscriptions per master, {@code port=count} ({@code PUBSUB SHARDCHANNELS}): which masters carry the
     * adapters' channels (a room's channel lives on one slot, so on one master).
     */
    String shardChannelsPerNode() {
        StringBuilder sb = new StringBuilder();
        for (int port : nodes.keySet()) {
            String out;
            try {
                out = cli(port, "PUBSUB", "SHARDCHANNELS").trim();
            } catch (IOException e) {
                out = "";
            }
            long n = out.isEmpty() ? 0 : out.lines().count();
            sb.append(sb.length() == 0 ? "" : " ").append(port).append('=').append(n);
        }
        return sb.toString();
    }

    private String cli(int port, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        return run(cmd, 10);
    }

    private static String run(List<String> cmd, int timeoutSeconds) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd, e);
        }
    }

    private static int freePort(Set<Integer> used) throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                int port = s.getLocalPort();
                // the bus port of a node on 6379 would be 16379: neither is used
                if (port != 6379 && port != 16379 && used.add(port)) {
                    return port;
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every node (SIGTERM, SIGKILL after 5 s: nothing is persisted) and deletes the temp directory. */
    @Override
    public void close() {
        nodes.values().forEach(Process::destroy);
        for (Process p : nodes.values()) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp directory left behind
        }
    }
}
