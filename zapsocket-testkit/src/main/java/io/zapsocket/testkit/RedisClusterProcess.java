package io.zapsocket.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A throw-away Redis Cluster for tests: 3 masters + 3 replicas of {@code redis-server --cluster-enabled yes} on free
 * loopback ports (never 6379; the cluster bus on a second free port each, {@code cluster-port}), in one temp
 * directory, no persistence, {@code cluster-node-timeout} 1000 ms (a replica takes over about 2 s after its master
 * died), {@code cluster-require-full-coverage no} (the other shards keep serving while one fails over) and
 * {@code repl-diskless-sync-delay 0} (replicas in sync at once, not after Redis's default 5 s). Created
 * with {@code redis-cli --cluster create ... --cluster-replicas 1 --cluster-yes}; {@link #start()} returns once every
 * node reports {@code cluster_state:ok} and every replica is in sync.
 *
 * <p>{@link #kill9(int)} kills one node with SIGKILL; {@link #close()} kills every node; a JVM shutdown hook kills
 * whatever a failed test left running.
 */
public final class RedisClusterProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final long NODE_TIMEOUT_MS = 1000;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "redis-cluster-reaper"));
    }

    private final Path dir;
    private final Map<Integer, Process> nodes = new LinkedHashMap<>();

    private RedisClusterProcess(Path dir) {
        this.dir = dir;
    }

    /** Starts 3 masters and 3 replicas and waits (at most 30 s) until the cluster is ready. */
    public static RedisClusterProcess start() throws IOException {
        RedisClusterProcess c = new RedisClusterProcess(Files.createTempDirectory("zap-redis-cluster-"));
        try {
            c.startNodes(6);
            c.create();
            c.awaitReady(30_000);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void startNodes(int n) throws IOException {
        Set<Integer> used = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            int port = freeDistinctPort(used);
            int bus = freeDistinctPort(used);
            ProcessBuilder pb = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port),
                    "--cluster-port", Integer.toString(bus), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes-" + port + ".conf",
                    "--cluster-node-timeout", Long.toString(NODE_TIMEOUT_MS),
                    "--cluster-require-full-coverage", "no", "--save", "", "--appendonly", "no",
                    "--repl-diskless-sync-delay", "0",
                    "--dir", dir.toString(), "--loglevel", "warning"))
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + port + ".log").toFile());
            Process p = pb.start();
            LIVE.add(p);
            p.onExit().thenRun(() -> LIVE.remove(p));
            nodes.put(port, p);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        for (int port : nodes.keySet()) {
            while (!"PONG".equals(cli(port, "PING").trim())) {
                if (!nodes.get(port).isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IOException("redis-server did not start on port " + port + ": " + log(port));
                }
                sleep(20);
            }
        }
    }

    private static int freeDistinctPort(Set<Integer> used) throws IOException {
        int port;
        do {
            port = RedisProcess.freePort();
        } while (port == 6379 || port == 16379 || !used.add(port));
        return port;
    }

    private void create() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int port : nodes.keySet()) {
            cmd.add("127.0.0.1:" + port);
        }
        cmd.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        String out = run(cmd, 30);
        if (!out.contains("[OK] All 16384 slots covered")) {
            throw new IOException("redis-cli --cluster create failed: " + out);
        }
    }

    /** Waits until every live node reports {@code cluster_state:ok} and every replica's link is up. */
    public void awaitReady(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!ready()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("Redis Cluster not ready in " + timeoutMillis + " ms: "
                        + cli(livePorts().get(0), "CLUSTER", "NODES"));
            }
            sleep(100);
        }
    }

    private boolean ready() throws IOException {
        for (int port : livePorts()) {
            if (!cli(port, "CLUSTER", "INFO").contains("cluster_state:ok")) {
                return false;
            }
            String replication = cli(port, "INFO", "replication");
            if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                return false;
            }
        }
        return true;
    }

    /** The ports of the nodes still running. */
    public List<Integer> livePorts() {
        return nodes.entrySet().stream().filter(e -> e.getValue().isAlive()).map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    /** {@code redis://127.0.0.1:<port>} of every node started (seeds for a cluster client). */
    public List<String> uris() {
        return nodes.keySet().stream().map(p -> "redis://127.0.0.1:" + p).collect(Collectors.toList());
    }

    /** The port of the master that serves {@code key}'s slot now, as a live node sees it. */
    public int masterOf(String key) throws IOException {
        int any = livePorts().get(0);
        int slot = Integer.parseInt(cli(any, "CLUSTER", "KEYSLOT", key).trim());
        for (String line : cli(any, "CLUSTER", "NODES").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String range = f[i];
                if (range.startsWith("[")) {
                    continue; // a slot being migrated
                }
                int dash = range.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                int hi = Integer.parseInt(dash < 0 ? range : range.substring(dash + 1));
                if (slot >= lo && slot <= hi) {
                    String addr = f[1];
                    return Integer.parseInt(addr.substring(addr.indexOf(':') + 1, indexOfAny(addr, '@', ',')));
                }
            }
        }
        throw new IOException("no master serves slot " + slot + " of " + key);
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j < 0 ? s.length() : j;
        }
        return j < 0 ? i : Math.min(i, j);
    }

    /** The ports of the live nodes where some client subscribed {@code channel} ({@code PUBSUB NUMSUB}). */
    public List<Integer> subscribedAt(String channel) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int port : livePorts()) {
            String[] reply = cli(port, "PUBSUB", "NUMSUB", channel).trim().split("\n");
            if (reply.length == 2 && Integer.parseInt(reply[1].trim()) > 0) {
                ports.add(port);
            }
        }
        return ports;
    }

    /** The ports of the live masters. */
    public List<Integer> masters() throws IOException {
        List<Integer> masters = new ArrayList<>();
        for (int port : livePorts()) {
            if (cli(port, "INFO", "replication").contains("role:master")) {
                masters.add(port);
            }
        }
        return masters;
    }

    /**
     * Moves {@code key}'s slot (and the keys in it) to the master on {@code toPort}, as {@code redis-cli --cluster
     * reshard} does: {@code SETSLOT IMPORTING/MIGRATING}, {@code MIGRATE} of its keys, {@code SETSLOT NODE} on every
     * master. Clients that then ask the old master get {@code MOVED}; its sharded subscribers are unsubscribed.
     */
    public void migrateSlot(String key, int toPort) throws IOException {
        int from = masterOf(key);
        String slot = cli(from, "CLUSTER", "KEYSLOT", key).trim();
        String fromId = cli(from, "CLUSTER", "MYID").trim();
        String toId = cli(toPort, "CLUSTER", "MYID").trim();
        check(cli(toPort, "CLUSTER", "SETSLOT", slot, "IMPORTING", fromId));
        check(cli(from, "CLUSTER", "SETSLOT", slot, "MIGRATING", toId));
        while (true) {
            String keys = cli(from, "CLUSTER", "GETKEYSINSLOT", slot, "100").trim();
            if (keys.isEmpty()) {
                break;
            }
            List<String> cmd = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(toPort), "", "0",
                    "5000", "KEYS"));
            cmd.addAll(List.of(keys.split("\n")));
            check(cli(from, cmd.toArray(new String[0])));
        }
        check(cli(toPort, "CLUSTER", "SETSLOT", slot, "NODE", toId));
        check(cli(from, "CLUSTER", "SETSLOT", slot, "NODE", toId));
        for (int m : masters()) {
            if (m != from && m != toPort) {
                check(cli(m, "CLUSTER", "SETSLOT", slot, "NODE", toId));
            }
        }
    }

    private static void check(String reply) throws IOException {
        if (!reply.trim().startsWith("OK")) {
            throw new IOException("redis-cli: " + reply.trim());
        }
    }

    /** Kills the node on {@code port} with SIGKILL ({@code kill -9}) and waits until it is gone. */
    public void kill9(int port) {
        Process p = nodes.get(port);
        if (p == null) {
            throw new IllegalArgumentException("no node on port " + port);
        }
        p.destroyForcibly(); // SIGKILL on Linux and macOS
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until another node serves {@code key}'s slot (a replica was promoted) and the cluster is ok again. */
    public int awaitFailover(String key, int deadMaster, long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try {
                int master = masterOf(key);
                if (master != deadMaster && clusterOk()) {
                    return master;
                }
            } catch (IOException | RuntimeException e) {
                // no master for the slot yet
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("no failover of " + key + " within " + timeoutMillis + " ms");
            }
            sleep(50);
        }
    }

    private boolean clusterOk() throws IOException {
        for (int port : livePorts()) {
            if (!cli(port, "CLUSTER", "INFO").contains("cluster_state:ok")) {
                return false;
            }
        }
        return true;
    }

    /** Runs {@code redis-cli -p port args...} and returns its output. */
    public String cli(int port, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        return run(cmd, 10);
    }

    private String run(List<String> cmd, int timeoutSeconds) throws IOException {
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

    private String log(int port) {
        try {
            return Files.readString(dir.resolve("redis-" + port + ".log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills every node (SIGKILL: nothing is persisted anyway) and deletes the temp directory. */
    @Override
    public void close() {
        for (Process p : nodes.values()) {
            p.destroyForcibly();
        }
        for (Process p : nodes.values()) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LIVE.remove(p);
        }
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp directory left behind
        }
    }
}
