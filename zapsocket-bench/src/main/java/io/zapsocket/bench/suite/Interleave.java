package io.zapsocket.bench.suite;

import io.zapsocket.bench.load.LoadGen;
import io.zapsocket.bench.scenario.Codec;
import io.zapsocket.bench.scenario.Scenarios;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A/B comparison for a busy machine: every server process is started (all pinned to the server core) and warmed up
 * once, then the scenario runs against each in turn, round after round (the order rotates), so that the neighbours'
 * load falls on all of them alike; the report is each server's median and the median of the per-round ratios to the
 * first server (a paired comparison: a round's servers ran within seconds of each other).
 *
 * <p>Usage: {@code Interleave --servers=zap-epoll,zap-uring[,...]
 * [--scenario=fanout-1000|fanout-10000|echo-closed|echo-open-30000] [--gen-mode=ordinary|batched] [--rounds=8]
 * [--warm-up=20] [--measure=5] [--node-dir=zapsocket-bench/node]}. Prints one line per measurement and a summary; the
 * metric is server CPU per delivery (fan-out) or per round trip (echo; the open loop also prints its latency and the
 * generator core's hiccups).
 * Run it under {@code taskset -c 1} like the suite (the servers go to core 0).
 */
public final class Interleave {
    private Interleave() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String s : argv) {
            int eq = s.indexOf('=');
            a.put(eq < 0 ? s.substring(2) : s.substring(2, eq), eq < 0 ? "" : s.substring(eq + 1));
        }
        List<String> ids = List.of(a.getOrDefault("servers", "zap-epoll,zap-uring").split(","));
        String scenario = a.getOrDefault("scenario", "fanout-1000");
        boolean batched = a.getOrDefault("gen-mode", "ordinary").equals("batched");
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "8"));
        double warmUp = Double.parseDouble(a.getOrDefault("warm-up", "20"));
        double measure = Double.parseDouble(a.getOrDefault("measure", "5"));
        Path nodeDir = Path.of(a.getOrDefault("node-dir", "zapsocket-bench/node"));
        File log = Path.of("zapsocket-bench", "target", "interleave-servers.log").toFile();
        log.getParentFile().mkdirs();
        String metric = scenario.startsWith("echo") ? "serverCpuUsPerRoundTrip" : "serverCpuUsPerDelivery";

        List<ServerProcess> servers = new ArrayList<>();
        List<LoadGen> gens = new ArrayList<>();
        List<Scenarios> scs = new ArrayList<>();
        double[][] values = new double[ids.size()][rounds];
        try {
            for (String id : ids) {
                ServerSpec spec = BenchSuite.spec(id, nodeDir);
                ServerProcess p = ServerProcess.start(spec, "0", log);
                servers.add(p);
                LoadGen gen = new LoadGen("127.0.0.1", p.port(), 8);
                gens.add(gen);
                Scenarios sc = new Scenarios(gen, p, Codec.JSON, batched);
                scs.add(sc);
                System.out.println("warming up " + id);
                sc.warmUp(warmUp, spec.socketIo());
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < ids.size(); k++) {
                    int i = (k + r) % ids.size();
                    Map<String, Object> m = run(scs.get(i), scenario, measure);
                    values[i][r] = ((Number) m.get(metric)).doubleValue();
                    System.out.println("round " + (r + 1) + " " + ids.get(i) + " " + metric + "=" + values[i][r]
                            + " serverCpuShare=" + m.get("serverCpuShare") + " rate="
                            + m.getOrDefault("deliveriesPerSec", m.get("roundTripsPerSec"))
                            + (m.containsKey("latencyP99Ms") ? " p50=" + m.get("latencyP50Ms") + " p99="
                                    + m.get("latencyP99Ms") + " p99.9=" + m.get("latencyP999Ms") : "")
                            + (m.containsKey("hiccupP99Ms") ? " hiccup p99=" + m.get("hiccupP99Ms") + " p99.9="
                                    + m.get("hiccupP999Ms") : ""));
                }
            }
        } finally {
            gens.forEach(LoadGen::close);
            servers.forEach(ServerProcess::close);
        }
        System.out.println("== " + scenario + (batched ? " (batched)" : " (ordinary)") + ", " + rounds
                + " rounds, " + metric + ": median [min, max]; ratio to " + ids.get(0) + ": median of per-round ratios");
        for (int i = 0; i < ids.size(); i++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = values[i][r] / values[0][r];
            }
            double[] v = values[i].clone();
            Arrays.sort(v);
            System.out.printf("%-18s %.3f [%.3f, %.3f]  ratio %.3f%n", ids.get(i), median(values[i]), v[0],
                    v[v.length - 1], median(ratio));
        }
    }

    private static Map<String, Object> run(Scenarios sc, String scenario, double measure) {
        if (scenario.equals("echo-closed")) {
            return sc.echoClosedLoop(100, 4, 2, measure);
        }
        if (scenario.startsWith("echo-open-")) {
            return sc.echoOpenLoop(100, Integer.parseInt(scenario.substring("echo-open-".length())), 2, measure);
        }
        if (scenario.startsWith("fanout-")) {
            return sc.fanout(Integer.parseInt(scenario.substring("fanout-".length())), 2, measure);
        }
        throw new IllegalArgumentException("scenario: fanout-N, echo-closed or echo-open-RATE");
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
