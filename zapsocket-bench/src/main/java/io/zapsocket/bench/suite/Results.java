package io.zapsocket.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything one suite run measured, plus the machine and the conditions of the run. */
public final class Results {
    final Plan plan;
    final List<String> servers;
    final String note;
    final Map<String, Object> machine = new LinkedHashMap<>();
    final List<Map<String, Object>> runs = new ArrayList<>();
    final Map<String, String> skipped = new LinkedHashMap<>();
    final String startedAt = Instant.now().toString();
    String finishedAt;
    final String loadAvgAtStart = loadAvg();
    String loadAvgAtEnd;

    Results(Plan plan, List<String> servers, String note) {
        this.plan = plan;
        this.servers = servers;
        this.note = note;
        machine.put("cpu", cpuModel());
        machine.put("cores", Runtime.getRuntime().availableProcessors() + " available to the generator");
        machine.put("memory", memTotal());
        machine.put("kernel", read("/proc/sys/kernel/osrelease").trim());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("node", nodeVersion());
        machine.put("fdLimit", "RLIMIT_NOFILE 20000 (hard), per process");
    }

    synchronized void add(String server, int rep, String scenario, Map<String, Object> metrics) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("server", server);
        r.put("rep", rep);
        r.put("scenario", scenario);
        r.put("metrics", metrics);
        runs.add(r);
    }

    void skip(String scenario, String why) {
        skipped.put(scenario, why);
    }

    void finish() {
        finishedAt = Instant.now().toString();
        loadAvgAtEnd = loadAvg();
    }

    /**
     * The servers of the run that have at least one measurement, in the run's order (the cold-storm variants, say,
     * are listed whenever they could run, but measure only in {@code storm-cold-10000}).
     */
    List<String> measuredServers() {
        return servers.stream().filter(s -> runs.stream().anyMatch(r -> r.get("server").equals(s))).toList();
    }

    /** Median over the repetitions of one numeric metric, or {@code null} if never measured. */
    @SuppressWarnings("unchecked")
    Double median(String server, String scenario, String metric) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Object> r : runs) {
            if (r.get("server").equals(server) && r.get("scenario").equals(scenario)) {
                Object v = ((Map<String, Object>) r.get("metrics")).get(metric);
                if (v instanceof Number n) {
                    values.add(n.doubleValue());
                }
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        return medianOfSorted(values.stream().mapToDouble(Double::doubleValue).sorted().toArray());
    }

    /**
     * The paired ratio of {@code server} to {@code other}: the median over the repetitions that measured both of
     * {@code server}'s value ÷ {@code other}'s (one repetition runs every server within minutes, so drift between
     * repetitions cancels out), or {@code null} if no repetition measured both.
     */
    @SuppressWarnings("unchecked")
    Double pairedRatio(String server, String other, String scenario, String metric) {
        Map<Integer, Double> mine = new HashMap<>();
        Map<Integer, Double> theirs = new HashMap<>();
        for (Map<String, Object> r : runs) {
            if (!r.get("scenario").equals(scenario)
                    || !(((Map<String, Object>) r.get("metrics")).get(metric) instanceof Number n)) {
                continue;
            }
            int rep = ((Number) r.get("rep")).intValue();
            if (r.get("server").equals(server)) {
                mine.put(rep, n.doubleValue());
            } else if (r.get("server").equals(other)) {
                theirs.put(rep, n.doubleValue());
            }
        }
        double[] ratios = mine.entrySet().stream()
                .filter(e -> theirs.getOrDefault(e.getKey(), 0.0) != 0)
                .mapToDouble(e -> e.getValue() / theirs.get(e.getKey())).sorted().toArray();
        return ratios.length == 0 ? null : medianOfSorted(ratios);
    }

    private static double medianOfSorted(double[] a) {
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** Scenario names in first-run order. */
    List<String> scenarios() {
        List<String> s = new ArrayList<>();
        for (Map<String, Object> r : runs) {
            if (!s.contains((String) r.get("scenario"))) {
                s.add((String) r.get("scenario"));
            }
        }
        return s;
    }

    /** Median of every numeric metric: scenario → server → metric → median. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Map<String, Double>>> medians() {
        Map<String, Map<String, Map<String, Double>>> out = new LinkedHashMap<>();
        for (String sc : scenarios()) {
            Map<String, Map<String, Double>> byServer = new LinkedHashMap<>();
            for (String sv : servers) {
                Map<String, Double> m = new TreeMap<>();
                for (Map<String, Object> r : runs) {
                    if (r.get("server").equals(sv) && r.get("scenario").equals(sc)) {
                        ((Map<String, Object>) r.get("metrics")).forEach((k, v) -> {
                            if (v instanceof Number) {
                                m.put(k, median(sv, sc, k));
                            }
                        });
                    }
                }
                if (!m.isEmpty()) {
                    byServer.put(sv, m);
                }
            }
            out.put(sc, byServer);
        }
        return out;
    }

    static String loadAvg() {
        return read("/proc/loadavg").trim();
    }

    private static String cpuModel() {
        return Arrays.stream(read("/proc/cpuinfo").split("\n")).filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown")
                + ", " + Arrays.stream(read("/proc/cpuinfo").split("\n"))
                .filter(l -> l.startsWith("processor")).count() + " logical CPUs";
    }

    private static String memTotal() {
        String l = Arrays.stream(read("/proc/meminfo").split("\n")).filter(s -> s.startsWith("MemTotal"))
                .findFirst().orElse("MemTotal: 0 kB");
        long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
        return String.format("%.1f GiB", kb / 1048576.0);
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return v;
        } catch (IOException e) {
            return "not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }
}
