package io.zapsocket.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTest {

    @Test
    void medianOverRepetitionsIgnoresNonNumbersAndMissingRuns() {
        Results r = new Results(Plan.QUICK, List.of("zap", "node-ws"), "");
        r.add("zap", 1, "echo-closed", Map.of("roundTripsPerSec", 300, "error", "x"));
        r.add("zap", 2, "echo-closed", Map.of("roundTripsPerSec", 100));
        r.add("zap", 3, "echo-closed", Map.of("roundTripsPerSec", 200));
        r.add("node-ws", 1, "echo-closed", Map.of("roundTripsPerSec", 10, "x", 1));
        r.add("node-ws", 2, "echo-closed", Map.of("roundTripsPerSec", 20));
        assertThat(r.median("zap", "echo-closed", "roundTripsPerSec")).isEqualTo(200.0);
        assertThat(r.median("node-ws", "echo-closed", "roundTripsPerSec")).isEqualTo(15.0);
        assertThat(r.median("zap", "echo-closed", "error")).isNull();
        assertThat(r.median("zap", "fanout-1000", "roundTripsPerSec")).isNull();
        assertThat(r.medians().get("echo-closed").get("zap")).containsEntry("roundTripsPerSec", 200.0);
    }

    @Test
    void markdownShowsRatiosInZapSocketsFavourAsGreaterThanOne() {
        Results r = new Results(Plan.QUICK, List.of("node-ws", "zap"), "");
        r.add("node-ws", 1, "fanout-1000", Map.of("serverCpuUsPerDelivery", 10.0, "deliveriesPerSec", 100_000));
        r.add("zap", 1, "fanout-1000", Map.of("serverCpuUsPerDelivery", 0.5, "deliveriesPerSec", 1_000_000));
        r.finish();
        String md = Report.markdown(r);
        assertThat(md).contains("| fan-out to 1 000: server CPU µs/delivery | 10.0 | 0.50 | 20× |")
                .contains("| fan-out to 1 000, 100 B: deliveries/s | 100 000 | 1 000 000 | 10× |")
                .contains("| fan-out 1 000: ≥ 20× better than socket.io + ws | 20.0× | yes |");
    }

    @Test
    void aServerThatMeasuredNothingHasNoColumn() {
        Results r = new Results(Plan.QUICK, List.of("zap", "node-uws", "zap-lean"), "");
        r.add("zap", 1, "fanout-1000", Map.of("serverCpuUsPerDelivery", 0.6));
        r.add("node-uws", 1, "fanout-1000", Map.of("serverCpuUsPerDelivery", 0.7));
        assertThat(r.measuredServers()).containsExactly("zap", "node-uws");
        assertThat(Report.markdown(r)).contains("| scenario | Zap-Socket | socket.io + uWS.js | Zap vs socket.io + uWS.js |")
                .contains("| fan-out to 1 000: server CPU µs/delivery | 0.60 | 0.70 | 1.17× |")
                .doesNotContain("lean JVM |");
    }

    @Test
    void theConnectionTargetComesFromTheMultiProcessScenarioAndSaysSo() {
        Results r = new Results(Plan.QUICK, List.of("zap"), "");
        r.add("zap", 1, "idle", Map.of("aliveAfterHold", 19_000));
        String single = Report.markdown(r);
        assertThat(single).contains("| ≥ 200 000 idle connections with heartbeats | 19 000 held in one process")
                .doesNotContain("‡");
        r.add("zap", 1, "cluster-idle", Map.of("processes", 11, "aliveAfterHold", 209_000,
                "pingedAndAnswered", 209_000, "totalServerRssMB", 2_000));
        assertThat(Report.markdown(r))
                .contains("| ≥ 200 000 idle connections with heartbeats | 209 000 held, 209 000 of them pinged and "
                        + "answering, in 11 server processes (‡: the fd limit), 2 000 MB server RSS in all | yes |")
                .contains("| idle WebSockets held through heartbeats, several processes ‡ | 209 000 |")
                .contains("‡ a multi-process measurement, forced by the file-descriptor limit");
        r.add("zap", 2, "cluster-idle", Map.of("processes", 11, "aliveAfterHold", 150_000,
                "pingedAndAnswered", 150_000, "totalServerRssMB", 2_000));
        r.add("zap", 3, "cluster-idle", Map.of("processes", 11, "aliveAfterHold", 150_000,
                "pingedAndAnswered", 149_000, "totalServerRssMB", 2_000));
        assertThat(Report.markdown(r)).contains("in 11 server processes (‡: the fd limit), 2 000 MB server RSS "
                + "in all | **no** |");
    }

    @Test
    void pairedRatioIsTheMedianOfPerRepetitionRatiosOverRepetitionsThatMeasuredBoth() {
        Results r = new Results(Plan.QUICK, List.of("zap", "node-uws"), "");
        r.add("zap", 1, "fanout-1000", Map.of("serverCpuUsPerDelivery", 1.2));
        r.add("zap", 2, "fanout-1000", Map.of("serverCpuUsPerDelivery", 0.7));
        r.add("zap", 3, "fanout-1000", Map.of("serverCpuUsPerDelivery", 0.6));
        r.add("zap", 4, "fanout-1000", Map.of("serverCpuUsPerDelivery", 9.9)); // uWS.js not measured in rep 4
        r.add("node-uws", 1, "fanout-1000", Map.of("serverCpuUsPerDelivery", 1.0));
        r.add("node-uws", 2, "fanout-1000", Map.of("serverCpuUsPerDelivery", 1.0));
        r.add("node-uws", 3, "fanout-1000", Map.of("serverCpuUsPerDelivery", 0.8));
        assertThat(r.pairedRatio("zap", "node-uws", "fanout-1000", "serverCpuUsPerDelivery")).isCloseTo(0.75, within(1e-9));
        assertThat(r.pairedRatio("zap", "node-uws", "echo-closed", "serverCpuUsPerDelivery")).isNull();
    }

    @Test
    void issue20TargetsGiveBothReadingsOfTheCpuRatioTheHiccupsAndTheCompressedFactors() {
        Results r = new Results(Plan.QUICK, List.of("zap", "node-uws", "node-ws", "node-uws-deflate"), "");
        double[][] fanout = {{0.86, 0.71}, {0.70, 1.03}, {0.59, 0.82}};
        for (int rep = 1; rep <= 3; rep++) {
            r.add("zap", rep, "fanout-1000", Map.of("serverCpuUsPerDelivery", fanout[rep - 1][0]));
            r.add("node-uws", rep, "fanout-1000", Map.of("serverCpuUsPerDelivery", fanout[rep - 1][1]));
        }
        r.add("zap", 1, "echo-closed", Map.of("serverCpuUsPerRoundTrip", 7.5));
        r.add("node-uws", 1, "echo-closed", Map.of("serverCpuUsPerRoundTrip", 11.0));
        r.add("zap", 1, "echo-open-30000", Map.of("latencyP99Ms", 3.8, "hiccupP99Ms", 0.7));
        r.add("zap", 1, "deflate-fanout-1000-1k", Map.of("serverCpuUsPerDelivery", 1.0));
        r.add("node-ws", 1, "deflate-fanout-1000-1k", Map.of("serverCpuUsPerDelivery", 85.0));
        r.add("node-uws-deflate", 1, "deflate-fanout-1000-1k", Map.of("serverCpuUsPerDelivery", 8.2));
        r.add("node-uws", 1, "deflate-fanout-1000-1k", Map.of("serverCpuUsPerDelivery", 0.9));
        String md = Report.markdown(r);
        assertThat(md).contains("### Targets of issue #20 (this run)")
                .contains("| fan-out 1 000, ordinary clients: CPU ≤ 0.8× uWS.js stack's | Zap-Socket | 0.70 vs 0.82 µs "
                        + "(0.85×; paired 0.72×) | paired only |")
                .contains("| echo, ordinary clients: CPU ≤ 0.8× uWS.js stack's | Zap-Socket | 7.50 vs 11.0 µs (0.68×; "
                        + "paired 0.68×) | yes |")
                .contains("| echo p99 ≤ 1 ms at 30 000/s | Zap-Socket | 3.80 ms; the generator core's own stalls 0.70 ms "
                        + "at p99 | **no** |")
                .contains("| compressed fan-out 1 KB to 1 000: ≥ 5× better than socket.io + ws | Zap-Socket | 1.00 vs 85.0 µs "
                        + "(85.0×) | yes |")
                .contains("≥ 1.5× better than socket.io + uWS.js, publish compressed | Zap-Socket | 1.00 vs 8.20 µs (8.20×) "
                        + "| yes |")
                .contains("≥ 1.5× better than socket.io + uWS.js | Zap-Socket | 1.00 vs 0.90 µs (0.90×) | **no** |")
                .doesNotContain("fan-out 10 000, ordinary clients: CPU");
    }
}
