package io.zapsocket.bench.suite;

import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.scenario.Codec;
import io.zapsocket.bench.scenario.Scenarios;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs every scenario against every server in one run: each server in its own process pinned to one core
 * ({@code --server-cpu}, default 0), this generator on another (scripts/bench.sh starts it under
 * {@code taskset -c 1}); every server gets the same warm-up; the order of the servers rotates between repetitions.
 * Writes {@code results.json}, {@code results.md} and PNG charts into the output directory.
 *
 * <p>Usage: {@code BenchSuite [--quick] [--reps=N] [--servers=zap,zap-metrics,netty-floor,node-ws,node-uws] [--out=DIR]
 * [--node-dir=DIR] [--server-cpu=0] [--note=TEXT] [--scenarios=fanout,echo-open-30000]
 * [--gen-mode=ordinary|batched|both]}
 *
 * <p>{@code --gen-mode=} (default {@code both}): the ordinary-client generator (every frame in its own write, as a
 * browser's socket.io-client sends) gives the plain keys ({@code echo-closed}, {@code fanout-1000}); the batching
 * one (what a read triggers leaves in one write) gives the same scenarios with {@code -batched}. Zap-Socket also
 * runs {@code sse-fanout-1000} (Server-Sent Events subscribers); every Socket.IO server (not the floor) is started
 * once more per repetition with {@code --parser=msgpack} for {@code fanout-1000-msgpack} and {@code echo-msgpack}.
 *
 * <p>{@code --scenarios=} runs only the scenarios whose key is listed or starts with a listed name and a dash
 * ({@code fanout} selects {@code fanout-1000} and {@code fanout-10000}; {@code =fanout-1000} that key alone); the
 * warm-up always runs ({@code cluster-fanout} selects {@code cluster-fanout-1/-2/-4} on one redis-server and
 * {@code cluster-fanout-rc-1/-2/-4} on a Redis Cluster; {@code cluster-fanout-rc} the latter alone). The server
 * {@code zap-base} is Zap-Socket from another build, for an A/B comparison in the same run: its classpath is the
 * environment variable {@code BENCH_ZAP_BASE_CP}.
 */
public final class BenchSuite {
    private BenchSuite() {
    }

    public static void main(String[] argv) throws IOException {
        Plan plan = Plan.FULL;
        Integer reps = null;
        List<String> servers = List.of("node-ws", "node-uws", "netty-floor", "zap");
        Path out = Path.of("docs/benchmarks");
        Path nodeDir = Path.of("zapsocket-bench/node");
        String cpu = "0";
        String note = "";
        List<String> only = null;
        String genMode = "both";
        List<String> coldServers = null;
        boolean guard = false;
        Path baseline = null;
        double threshold = Guard.DEFAULT_THRESHOLD;
        for (String a : argv) {
            String v = a.substring(a.indexOf('=') + 1);
            if (a.equals("--quick")) {
                plan = Plan.QUICK;
            } else if (a.startsWith("--reps=")) {
                reps = Integer.parseInt(v);
            } else if (a.startsWith("--servers=")) {
                servers = Arrays.asList(v.split(","));
            } else if (a.startsWith("--out=")) {
                out = Path.of(v);
            } else if (a.startsWith("--node-dir=")) {
                nodeDir = Path.of(v);
            } else if (a.startsWith("--server-cpu=")) {
                cpu = v;
            } else if (a.startsWith("--note=")) {
                note = v;
            } else if (a.startsWith("--gen-mode=")) {
                genMode = v;
                if (!List.of("ordinary", "batched", "both").contains(v)) {
                    throw new IllegalArgumentException("--gen-mode is ordinary, batched or both: " + a);
                }
            } else if (a.startsWith("--scenarios=")) {
                only = Arrays.asList(v.split(","));
            } else if (a.startsWith("--cold-servers=")) {
                coldServers = Arrays.asList(v.split(","));
            } else if (a.equals("--guard")) {
                guard = true;
            } else if (a.startsWith("--baseline=")) {
                baseline = Path.of(v);
            } else if (a.startsWith("--threshold=")) {
                threshold = Double.parseDouble(v);
            } else {
                throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        if (guard) {
            // the regression guard: Zap-Socket only, a few scenarios, ordinary clients, ~2-3 minutes
            plan = Plan.GUARD;
            servers = List.of("zap");
            only = only != null ? only : Guard.SCENARIOS;
            genMode = "ordinary";
            coldServers = List.of();
        }
        if (reps != null) {
            plan = new Plan(plan.name(), reps, plan.warmUp(), plan.scenarioWarm(), plan.measure(), plan.storms(),
                    plan.fanouts(), plan.openRates(), plan.idleConnections(), plan.idleHold());
        }
        if (coldServers == null) {
            coldServers = defaultColdServers(servers);
        }
        List<String> all = new ArrayList<>(servers);
        coldServers.stream().filter(s -> !all.contains(s)).forEach(all::add);
        Files.createDirectories(out);
        Results results = new Results(plan, all, note);
        new BenchSuite.Runner(plan, servers, out, nodeDir, cpu, only, !genMode.equals("batched"),
                !genMode.equals("ordinary"), results, coldServers).run();
        results.finish();
        Report.write(results, out);
        System.out.println("wrote " + out.resolve("results.json") + ", " + out.resolve("results.md") + " and charts");
        if (guard) {
            System.exit(Guard.compare(results, baseline, threshold) ? 0 : 3);
        }
    }

    /**
     * The servers of {@code storm-cold-N}: every server of the run, plus, when Zap-Socket is one of them, its JVM
     * variants {@code zap-lean}, {@code zap-25}, {@code zap-aot} and {@code zap-lean-aot} (the JDK 25 ones when JDK 25
     * is there).
     */
    static List<String> defaultColdServers(List<String> servers) {
        List<String> cold = new ArrayList<>(servers.stream().filter(s -> !s.equals("zap-vt")).toList());
        if (servers.contains("zap")) {
            cold.add("zap-lean");
            if (ColdStart.hasJava25()) {
                cold.add("zap-25");
                cold.add("zap-aot");
                cold.add("zap-lean-aot");
            }
        }
        return cold.stream().distinct().toList();
    }

    static ServerSpec spec(String id, Path nodeDir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<String> jvm = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx4g", "-XX:+UseSerialGC",
                "-Dio.netty.leakDetection.level=disabled"));
        jvm.addAll(extraJvm(id));
        if (ColdStart.isVariant(id)) {
            return ColdStart.spec(id, extraJvm(id));
        }
        if (id.equals("zap-base")) {
            cp = System.getenv("BENCH_ZAP_BASE_CP");
            if (cp == null || cp.isBlank()) {
                throw new IllegalArgumentException("zap-base needs BENCH_ZAP_BASE_CP (the classpath of the other build)");
            }
        }
        jvm.addAll(List.of("-cp", cp));
        String script = nodeDir.resolve("bench-server.js").toString();
        return switch (id) {
            case "zap" -> new ServerSpec(id, "Zap-Socket", concat(jvm, "io.zapsocket.bench.server.ZapBenchServer"),
                    Map.of(), true);
            case "zap-metrics" -> new ServerSpec(id, "Zap-Socket + metrics",
                    concat(concat(jvm, "io.zapsocket.bench.server.ZapBenchServer"), "--metrics=1"), Map.of(), true);
            case "zap-sync" -> new ServerSpec(id, "Zap-Socket + sync",
                    concat(concat(jvm, "io.zapsocket.bench.server.ZapBenchServer"), "--sync=1"), Map.of(), true);
            case "zap-base" -> new ServerSpec(id, "Zap-Socket (base)",
                    concat(jvm, "io.zapsocket.bench.server.ZapBenchServer"), Map.of(), true);
            case "zap-epoll" -> new ServerSpec(id, "Zap-Socket on epoll",
                    concat(concat(jvm, "io.zapsocket.bench.server.ZapBenchServer"), "--transport=epoll"), Map.of(),
                    true);
            case "zap-uring" -> new ServerSpec(id, "Zap-Socket on io_uring",
                    concat(concat(jvm, "io.zapsocket.bench.server.ZapBenchServer"), "--transport=io_uring"), Map.of(),
                    true);
            case "netty-floor" -> new ServerSpec(id, "bare Netty (floor)",
                    concat(jvm, "io.zapsocket.bench.server.NettyFloorServer"), Map.of(), false);
            case "netty-floor-uring" -> new ServerSpec(id, "bare Netty on io_uring (floor)",
                    concat(concat(jvm, "io.zapsocket.bench.server.NettyFloorServer"), "--transport=io_uring"),
                    Map.of(), false);
            // the default install of socket.io has no bufferutil/utf-8-validate: keep ws on its JS code paths
            case "node-ws" -> new ServerSpec(id, "socket.io + ws", List.of("node", "--expose-gc", script,
                    "--engine=ws"), Map.of("WS_NO_BUFFER_UTIL", "1", "WS_NO_UTF_8_VALIDATE", "1"), true);
            case "node-uws" -> new ServerSpec(id, "socket.io + uWS.js", List.of("node", "--expose-gc", script,
                    "--engine=uws"), Map.of(), true);
            // socket.io's fast room publish on uWS does not ask uWS to compress: this one does (deflate-fanout)
            case "node-uws-deflate" -> new ServerSpec(id, "socket.io + uWS.js, publish compressed",
                    List.of("node", "--expose-gc", script, "--engine=uws", "--publish-compress=1"), Map.of(), true);
            default -> throw new IllegalArgumentException("unknown server: " + id);
        };
    }

    /**
     * {@code BENCH_SERVER_JVM_OPTS}, split: e.g. a JFR recording per server process,
     * {@code BENCH_SERVER_JVM_OPTS="-XX:StartFlightRecording=filename=/tmp/%n.jfr"} ({@code %n} becomes the server id
     * and a unique number).
     */
    static List<String> extraJvm(String id) {
        String extra = System.getenv("BENCH_SERVER_JVM_OPTS");
        if (extra == null || extra.isBlank()) {
            return List.of();
        }
        return Arrays.asList(extra.replace("%n", id + "-" + System.nanoTime()).trim().split("\\s+"));
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> l = new ArrayList<>(a);
        l.add(b);
        return l;
    }

    /**
     * @param only     the scenario selection of {@code --scenarios=}, or {@code null} for all
     * @param ordinary run the echo-closed and fan-out scenarios with ordinary clients (one write per frame; keys
     *                 without suffix)
     * @param batched  run them with the batching generator too (keys with {@code -batched})
     */
    private record Runner(Plan plan, List<String> servers, Path out, Path nodeDir, String cpu, List<String> only,
                          boolean ordinary, boolean batched, Results results, List<String> coldServers) {

        boolean selected(String scenario) {
            // "=key" selects that key only (the guard's selection); "name" also selects "name-..."
            return only == null || only.stream().anyMatch(o -> o.startsWith("=") ? scenario.equals(o.substring(1))
                    : scenario.equals(o) || scenario.startsWith(o + "-"));
        }

        /** Whether {@code prefix + n} is selected for some cluster size n ({@code =cluster-fanout-2} too). */
        boolean anySize(String prefix) {
            return Arrays.stream(ClusterFanout.NODES).anyMatch(n -> selected(prefix + n));
        }

        void run() {
            // the servers' stderr: next to the build output, not among the published results
            File log = Path.of("zapsocket-bench", "target", "bench-servers.log").toFile();
            log.getParentFile().mkdirs();
            log.delete();
            // only cluster scenarios selected: no single-server runs (their warm-up alone takes minutes)
            boolean single = only == null
                    || only.stream().anyMatch(o -> !o.replaceFirst("^=", "").startsWith("cluster-"));
            for (int rep = 1; rep <= plan.reps() && single; rep++) {
                for (int k = 0; k < servers.size(); k++) {
                    // rotate the order between repetitions: drift (thermal, neighbours) is spread over all servers
                    String id = servers.get((k + rep - 1) % servers.size());
                    runServer(spec(id, nodeDir), rep, log);
                }
            }
            if (selected("storm-cold-10000")) {
                coldStorms(log);
            }
            for (String id : servers) {
                if (!selected("idle")) {
                    break;
                }
                ServerSpec spec = spec(id, nodeDir);
                log("idle connections: " + spec.label());
                try (ServerProcess server = ServerProcess.start(spec, cpu, log);
                     LoadGen gen = new LoadGen("127.0.0.1", server.port(), 8)) {
                    Scenarios sc = new Scenarios(gen, server);
                    sc.warmUp(plan.warmUp() / 2, spec.socketIo());
                    record(id, 1, "idle", () -> sc.idle(plan.idleConnections(), 500, plan.idleHold()));
                }
            }
            if (servers.contains("zap") && selected("cluster-idle")) {
                // the machine's capacity, beyond one process's descriptors: several server and generator processes
                IdleCluster.Config c = plan == Plan.QUICK || plan.name().equals("quick")
                        ? IdleCluster.Config.QUICK : IdleCluster.Config.FULL;
                log("idle connections, " + c.servers() + " processes: Zap-Socket");
                record("zap", 1, "cluster-idle", () -> IdleCluster.run(c, cpu, cpu.equals("1") ? "0" : "1", log));
            }
            if (anySize("cluster-fanout-")) {
                // cross-node fan-out over one redis-server: 1, 2, 4 nodes of each Socket.IO server (not the floor);
                // fresh processes every time, so the load before the window is half the warm-up (the JIT's share)
                clusterFanouts(false, log);
            }
            if (anySize("cluster-fanout-rc-")) {
                // the same on a local Redis Cluster (3 masters, no replicas), a fresh one per measurement
                clusterFanouts(true, log);
            }
        }

        /** {@code cluster-fanout-N} (one redis-server) or {@code cluster-fanout-rc-N} (a Redis Cluster), every size. */
        private void clusterFanouts(boolean redisCluster, File log) {
            String key = redisCluster ? "cluster-fanout-rc-" : "cluster-fanout-";
            String where = redisCluster ? " on a Redis Cluster" : " on one Redis";
            for (int rep = 1; rep <= plan.reps(); rep++) {
                for (int k = 0; k < servers.size(); k++) {
                    ServerSpec spec = spec(servers.get((k + rep - 1) % servers.size()), nodeDir);
                    if (!spec.socketIo() || spec.id().equals("zap-base")) {
                        continue;
                    }
                    for (int n : ClusterFanout.NODES) {
                        log("rep " + rep + ": cluster fan-out, " + n + " × " + spec.label() + where);
                        record(spec.id(), rep, key + n, () -> ClusterFanout.run(spec, n, redisCluster, cpu, log,
                                plan.warmUp() / 2, plan.measure()));
                    }
                }
            }
        }

        /**
         * {@code storm-cold-10000} on every server of {@code coldServers}: a fresh process per repetition, nothing
         * before the storm (see {@code ColdStorm}); {@code zap-aot}'s and {@code zap-lean-aot}'s caches are trained
         * first.
         */
        private void coldStorms(File log) {
            List<String> cold = new ArrayList<>(coldServers);
            for (String aot : List.of("zap-aot", "zap-lean-aot")) {
                if (!cold.contains(aot)) {
                    continue;
                }
                String why = ColdStart.hasJava25() ? null : "no JDK 25 at " + ColdStart.java25()
                        + " (set BENCH_JAVA25)";
                if (why == null) {
                    log("AOT cache training run of " + aot + " (JDK 25, -XX:AOTCacheOutput)");
                    long t0 = System.nanoTime();
                    why = ColdStart.trainAot(aot, log, cpu, extraJvm(aot + "-training"), plan.warmUp());
                    log(String.format("  AOT training %s in %.0f s", why == null ? "done" : "failed: " + why,
                            (System.nanoTime() - t0) / 1e9));
                }
                if (why != null) {
                    results.skip("storm-cold-10000 (" + aot + ")", why);
                    cold.remove(aot);
                }
            }
            if ((cold.contains("zap-25") || cold.contains("zap-vt")) && !ColdStart.hasJava25()) {
                results.skip("storm-cold-10000 (zap-25)", "no JDK 25 at " + ColdStart.java25());
                cold.remove("zap-25");
                cold.remove("zap-vt");
            }
            for (int rep = 1; rep <= plan.reps(); rep++) {
                for (int k = 0; k < cold.size(); k++) {
                    ServerSpec spec = spec(cold.get((k + rep - 1) % cold.size()), nodeDir);
                    log("rep " + rep + ": cold storm, " + spec.label());
                    try (ServerProcess server = ServerProcess.start(spec, cpu, log);
                         LoadGen gen = new LoadGen("127.0.0.1", server.port(), 8)) {
                        Scenarios sc = new Scenarios(gen, server);
                        record(spec.id(), rep, "storm-cold-10000", () -> sc.coldStorm(10_000, 500, 120));
                    }
                }
            }
        }

        private void runServer(ServerSpec spec, int rep, File log) {
            log("rep " + rep + ": " + spec.label());
            try (ServerProcess server = ServerProcess.start(spec, cpu, log);
                 LoadGen gen = new LoadGen("127.0.0.1", server.port(), 8)) {
                Scenarios ord = new Scenarios(gen, server, Codec.JSON, false);
                Scenarios bat = new Scenarios(gen, server, Codec.JSON, true);
                Scenarios sc = ordinary ? ord : bat;
                String id = spec.id();
                sc.warmUp(plan.warmUp(), spec.socketIo());
                if (id.equals("zap-25") || id.equals("zap-vt")) {
                    // handlers on the loop vs on virtual threads (issue 20): the echo scenarios only
                    record(id, rep, "echo-closed", () -> ord.echoClosedLoop(100, 4, plan.scenarioWarm(),
                            plan.measure()));
                    record(id, rep, "binary-echo-64k", () -> ord.binaryEcho(50, 65_536, plan.scenarioWarm(),
                            plan.measure()));
                    return;
                }
                for (int n : plan.storms()) {
                    if (n > 19_000) {
                        if (selected("storm-" + n)) {
                            results.skip("storm-" + n, "needs " + n + " file descriptors per process; RLIMIT_NOFILE "
                                    + "is 20000 here and cannot be raised (no CAP_SYS_RESOURCE)");
                        }
                        continue;
                    }
                    record(id, rep, "storm-" + n, () -> sc.connectStorm(n, 500, 120));
                }
                if (ordinary) {
                    record(id, rep, "echo-closed", () -> ord.echoClosedLoop(100, 4, plan.scenarioWarm(),
                            plan.measure()));
                }
                if (batched) {
                    record(id, rep, "echo-closed-batched", () -> bat.echoClosedLoop(100, 4, plan.scenarioWarm(),
                            plan.measure()));
                }
                if (spec.socketIo()) {
                    // 64 KB binary attachments both ways (the floor speaks no binary packets)
                    record(id, rep, "binary-echo-64k", () -> sc.binaryEcho(50, 65_536, plan.scenarioWarm(),
                            plan.measure()));
                }
                for (int rate : plan.openRates()) {
                    record(id, rep, "echo-open-" + rate,
                            () -> sc.echoOpenLoop(100, rate, plan.scenarioWarm(), plan.measure()));
                }
                for (int n : plan.fanouts()) {
                    if (ordinary) {
                        record(id, rep, "fanout-" + n, () -> ord.fanout(n, plan.scenarioWarm(), plan.measure()));
                    }
                    if (batched) {
                        record(id, rep, "fanout-" + n + "-batched",
                                () -> bat.fanout(n, plan.scenarioWarm(), plan.measure()));
                    }
                }
                if (spec.socketIo()) {
                    // compressed fan-out (issue 20): clients offer permessage-deflate, 1 KB and 16 KB JSON
                    record(id, rep, "deflate-fanout-1000-1k",
                            () -> ord.deflateFanout(1000, 1024, plan.scenarioWarm(), plan.measure()));
                    record(id, rep, "deflate-fanout-1000-16k",
                            () -> ord.deflateFanout(1000, 16 * 1024, plan.scenarioWarm(), plan.measure()));
                }
                // 16 KB messages to a room of 1 000 (ordinary clients, or the batching generator if only that)
                record(id, rep, "fanout-1000-16k", () -> sc.fanout(1000, 16_384, plan.scenarioWarm(),
                        plan.measure()));
                if (id.startsWith("zap")) {
                    // SSE subscribers fed by the same room emit as the WebSocket fan-out above, same generator mode
                    record(id, rep, "sse-fanout-1000", () -> sc.sseFanout(1000, plan.scenarioWarm(), plan.measure()));
                }
                if (id.equals("zap-sync")) {
                    // the sync layer (issue 13), in the same process as the plain fanout-1000 above
                    if (ordinary) {
                        record(id, rep, "stream-fanout-1000",
                                () -> ord.streamFanout(1000, plan.scenarioWarm(), plan.measure()));
                    }
                    record(id, rep, "presence-churn", () -> ord.presenceChurn(10_000, 100,
                            new int[] {100, 200, 400, 800, 1600}, plan.scenarioWarm(), plan.measure()));
                }
                if (spec.socketIo()) {
                    record(id, rep, "polling", () -> sc.pollingEcho(100, plan.scenarioWarm(), plan.measure()));
                    record(id, rep, "polling-fanout-1000", () -> sc.pollingFanout(1000, plan.scenarioWarm(),
                            plan.measure()));
                }
            }
            if (spec.socketIo() && !spec.id().equals("zap-base")
                    && (selected("fanout-1000-msgpack") || selected("echo-msgpack"))) {
                // the msgpack parser: the same server with --parser=msgpack, a fresh process (its own CPU count)
                try (ServerProcess server = ServerProcess.start(spec.withArgs("--parser=msgpack"), cpu, log);
                     LoadGen gen = new LoadGen("127.0.0.1", server.port(), 8)) {
                    Scenarios mp = new Scenarios(gen, server, Codec.MSGPACK, !ordinary);
                    mp.warmUp(plan.warmUp() / 2, false);
                    record(spec.id(), rep, "echo-msgpack", () -> mp.echoClosedLoop(100, 4, plan.scenarioWarm(),
                            plan.measure()));
                    record(spec.id(), rep, "fanout-1000-msgpack", () -> mp.fanout(1000, plan.scenarioWarm(),
                            plan.measure()));
                }
            }
        }

        private void record(String server, int rep, String scenario, Supplier<Map<String, Object>> run) {
            if (!selected(scenario)) {
                return;
            }
            long t0 = System.nanoTime();
            Map<String, Object> m;
            try {
                m = run.get();
            } catch (RuntimeException e) {
                m = new LinkedHashMap<>();
                m.put("error", String.valueOf(e));
                e.printStackTrace();
            }
            // the machine's 1-minute load at the end of the scenario: others' work shows up here
            m.put("loadAvg1", Double.parseDouble(Results.loadAvg().split(" ")[0]));
            log(String.format("  %-14s %-12s %5.1fs %s", scenario, server, (System.nanoTime() - t0) / 1e9, m));
            results.add(server, rep, scenario, m);
        }
    }

    static void log(String s) {
        System.out.println(Instant.now().toString().substring(11, 19) + " " + s);
        System.out.flush();
    }
}
