package io.zapsocket.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The regression guard ({@code scripts/bench.sh --guard}, issue 20): a short Zap-Socket-only run of
 * {@link #SCENARIOS} ({@link Plan#GUARD}: 3 repetitions, ~2-3 minutes) whose medians are compared with a baseline
 * results file: each figure's ratio to the baseline's Zap-Socket median, and a flag when a figure got worse by more
 * than the threshold (default {@value #DEFAULT_THRESHOLD}: a single quick run on a shared 2-core machine scatters by
 * ±10-25 %, see docs/benchmarks/README.md).
 *
 * <p>Baseline: {@code --baseline=FILE} (any results.json of this suite), else {@code docs/benchmarks/guard-baseline.json}
 * (written by {@code scripts/bench.sh --guard --save-baseline}, a guard run of the code before the change), else
 * {@code docs/benchmarks/results.json} (a full run: longer warm-up and windows, so a guard run reads somewhat worse
 * against it; prefer a guard baseline from the same machine).
 */
final class Guard {
    static final double DEFAULT_THRESHOLD = 0.20;
    /** Exact keys ({@code =key}: not {@code fanout-1000-16k} with {@code fanout-1000}). */
    static final List<String> SCENARIOS = List.of("=storm-1000", "=echo-closed", "=binary-echo-64k", "=fanout-1000",
            "=polling");

    /** A guarded figure; {@code higherIsBetter} for rates. */
    record Figure(String scenario, String metric, boolean higherIsBetter) {
    }

    static final List<Figure> FIGURES = List.of(
            new Figure("storm-1000", "serverCpuUsPerHandshake", false),
            new Figure("storm-1000", "handshakesPerSec", true),
            new Figure("echo-closed", "serverCpuUsPerRoundTrip", false),
            new Figure("echo-closed", "roundTripsPerSec", true),
            new Figure("echo-closed", "latencyP99Ms", false),
            new Figure("binary-echo-64k", "serverCpuUsPerRoundTrip", false),
            new Figure("binary-echo-64k", "roundTripsPerSec", true),
            new Figure("fanout-1000", "serverCpuUsPerDelivery", false),
            new Figure("fanout-1000", "deliveriesPerSec", true),
            new Figure("polling", "serverCpuUsPerRoundTrip", false),
            new Figure("polling", "roundTripsPerSec", true));

    private Guard() {
    }

    static Path defaultBaseline() {
        Path guard = Path.of("docs/benchmarks/guard-baseline.json");
        return Files.isRegularFile(guard) ? guard : Path.of("docs/benchmarks/results.json");
    }

    /**
     * Prints the comparison; returns false when a figure regressed by more than {@code threshold} (or the baseline
     * is unreadable).
     */
    static boolean compare(Results r, Path baseline, double threshold) throws IOException {
        Path file = baseline != null ? baseline : defaultBaseline();
        if (!Files.isRegularFile(file)) {
            System.out.println("guard: no baseline " + file + " (run scripts/bench.sh --guard --save-baseline on the "
                    + "code before the change)");
            return false;
        }
        JsonNode base = new ObjectMapper().readTree(file.toFile());
        JsonNode medians = base.path("medians");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n== regression guard: Zap-Socket vs %s (plan %s, %s; threshold %.0f %%)%n",
                file, base.path("plan").asText("?"), base.path("startedAt").asText("?"), threshold * 100));
        sb.append("load average: baseline run ").append(base.path("loadAvgAtStart").asText("?")).append(", this run ")
                .append(r.loadAvgAtStart).append(" (compare only runs on a similar machine in a similar state)\n");
        sb.append(String.format(Locale.ROOT, "%-18s %-26s %12s %12s %8s  %s%n", "scenario", "metric", "baseline",
                "now", "ratio", "verdict"));
        int regressions = 0;
        int compared = 0;
        for (Figure f : FIGURES) {
            Double now = r.median("zap", f.scenario, f.metric);
            JsonNode b = medians.path(f.scenario).path("zap").path(f.metric);
            Double then = b.isNumber() ? b.asDouble() : null;
            String verdict;
            String ratio = "–";
            if (now == null || then == null || then == 0 || now == 0) {
                verdict = now == null ? "not measured now" : "not in the baseline";
            } else {
                compared++;
                // > 1 = worse, whatever the direction of the metric
                double worse = f.higherIsBetter ? then / now : now / then;
                ratio = String.format(Locale.ROOT, "%.2f", now / then);
                if (worse > 1 + threshold) {
                    verdict = String.format(Locale.ROOT, "REGRESSION (%.0f %% worse)", (worse - 1) * 100);
                    regressions++;
                } else if (worse < 1 / (1 + threshold)) {
                    verdict = String.format(Locale.ROOT, "better (%.0f %%)", (1 - worse) * 100);
                } else {
                    verdict = "ok";
                }
            }
            sb.append(String.format(Locale.ROOT, "%-18s %-26s %12s %12s %8s  %s%n", f.scenario, f.metric,
                    Report.fmt(then), Report.fmt(now), ratio, verdict));
        }
        sb.append(String.format(Locale.ROOT, "ratio = now / baseline. %d of %d figures compared; %d regression(s) "
                + "above %.0f %%.%n", compared, FIGURES.size(), regressions, threshold * 100));
        if (regressions > 0) {
            sb.append("A flagged figure on a busy machine may be noise: re-run the guard (load now "
                    + Results.loadAvg() + "); a regression that repeats is real.\n");
        }
        System.out.print(sb);
        return regressions == 0 && compared > 0;
    }
}
