package io.zapsocket.bench.suite;

import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.scenario.Scenarios;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The {@code cluster-fanout-N} scenarios: N server processes of one kind (Zap-Socket on the sharded Redis adapter, or
 * Node socket.io on {@code @socket.io/redis-adapter}'s {@code createShardedAdapter}) on one redis-server that this
 * class starts on a free loopback port (never 6379), {@value #PER_NODE} subscribers of one room on every node and one
 * publisher on node 0 (see {@code Fanout#crossNode}). Every server process and the redis-server are pinned to the
 * server core ({@code taskset -c <serverCpu>}), the generator stays on its own core: the N nodes share one core, so
 * the figures show the cost of the cluster (server CPU per delivery summed over the nodes, Redis CPU per message), not
 * a scale-out of throughput.
 *
 * <p>The {@code cluster-fanout-rc-N} scenarios ({@code redisCluster}): the same on a local Redis Cluster of
 * {@value BenchRedisCluster#MASTERS} masters ({@link BenchRedisCluster}, pinned like the single redis-server):
 * Zap-Socket nodes get {@code --redis-cluster=} (the sharded adapter on {@code RedisAdapterOptions.clusterBuilder}),
 * Node nodes the same flag ({@code createShardedAdapter} over the redis package's {@code createCluster}); Redis CPU is
 * summed over the masters. The room's sharded channel hashes to one slot, so one master carries the fan-out traffic.
 */
final class ClusterFanout {
    /** Subscribers per node. */
    static final int PER_NODE = 1000;
    /** The cluster sizes measured. */
    static final int[] NODES = {1, 2, 4};

    private ClusterFanout() {
    }

    /**
     * {@code cluster-fanout-N} ({@code redisCluster} false: one redis-server) or {@code cluster-fanout-rc-N}
     * ({@code redisCluster} true: a Redis Cluster of {@value BenchRedisCluster#MASTERS} masters).
     */
    static Map<String, Object> run(ServerSpec spec, int nodes, boolean redisCluster, String serverCpu, File log,
                                   double warm, double measure) {
        Process redis = null;
        BenchRedisCluster cluster = null;
        List<ServerProcess> servers = new ArrayList<>();
        try {
            String redisArg;
            LongSupplier redisCpu;
            if (redisCluster) {
                cluster = BenchRedisCluster.start(serverCpu, log);
                redisArg = "--redis-cluster=" + cluster.seeds();
                redisCpu = cluster::cpuNanos;
            } else {
                int redisPort = freePort();
                redis = startRedis(redisPort, serverCpu, log);
                long redisPid = redis.pid();
                redisArg = "--redis=redis://127.0.0.1:" + redisPort;
                redisCpu = () -> ProcStat.cpuNanosPrecise(redisPid);
            }
            for (int i = 0; i < nodes; i++) {
                servers.add(ServerProcess.launch(spec.withArgs(redisArg), serverCpu, log));
            }
            int[] ports = new int[nodes];
            for (int i = 0; i < nodes; i++) {
                ports[i] = servers.get(i).awaitReady(60).get("port").asInt();
            }
            try (LoadGen gen = new LoadGen("127.0.0.1", ports[0], 8)) {
                Scenarios sc = new Scenarios(gen, servers.get(0));
                Map<String, Object> out = sc.clusterFanout(PER_NODE, ports, () -> {
                    long sum = 0;
                    for (ServerProcess s : servers) {
                        sum += s.cpuNanos();
                    }
                    return sum;
                }, redisCpu, warm, measure);
                Map<String, Object> m = new LinkedHashMap<>(out);
                m.put("redisVersion", redisVersion());
                if (cluster != null) {
                    m.put("redisMasters", BenchRedisCluster.MASTERS);
                    m.put("shardChannelsPerMaster", cluster.shardChannelsPerNode());
                }
                return m;
            }
        } finally {
            servers.forEach(ServerProcess::stop);
            servers.forEach(ServerProcess::close);
            if (cluster != null) {
                cluster.close();
            }
            if (redis != null) {
                redis.destroy();
                try {
                    if (!redis.waitFor(5, TimeUnit.SECONDS)) {
                        redis.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    redis.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static Process startRedis(int port, String cpu, File log) {
        // taskset execs redis-server: the child's pid is Redis's; no persistence, no protected mode, loopback only
        ProcessBuilder pb = new ProcessBuilder("taskset", "-c", cpu, "redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--loglevel", "warning")
                .redirectError(ProcessBuilder.Redirect.appendTo(log))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server (needs Redis 7+ on PATH)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return p;
            } catch (IOException e) {
                if (!p.isAlive()) {
                    break;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    private static String redisVersion() {
        try {
            Process v = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            String s = new String(v.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            v.waitFor(5, TimeUnit.SECONDS);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("v=(\\S+)").matcher(s);
            return m.find() ? m.group(1) : s.trim();
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
