package io.zapsocket.bench.scenario;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Latency histograms in nanoseconds (3 significant digits, up to 10 minutes), reported in milliseconds. */
final class Latency {
    private Latency() {
    }

    static Histogram histogram() {
        return new Histogram(600_000_000_000L, 3);
    }

    static void record(Histogram h, long nanos) {
        h.recordValue(clamp(h, nanos));
    }

    /**
     * Records {@code nanos}, filling in the samples that a value over {@code interval} swallowed (HdrHistogram's
     * correction for coordinated omission).
     */
    static void record(Histogram h, long nanos, long interval) {
        h.recordValueWithExpectedInterval(clamp(h, nanos), interval);
    }

    private static long clamp(Histogram h, long nanos) {
        return Math.max(0, Math.min(nanos, h.getHighestTrackableValue()));
    }

    /** p50/p99/p99.9/max in ms into {@code out}, with {@code prefix}. */
    static void put(Map<String, Object> out, String prefix, Histogram h) {
        out.put(prefix + "Samples", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return;
        }
        out.put(prefix + "P50Ms", ms(h.getValueAtPercentile(50)));
        out.put(prefix + "P99Ms", ms(h.getValueAtPercentile(99)));
        out.put(prefix + "P999Ms", ms(h.getValueAtPercentile(99.9)));
        out.put(prefix + "MaxMs", ms(h.getMaxValue()));
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }

    static Map<String, Object> map() {
        return new LinkedHashMap<>();
    }
}
