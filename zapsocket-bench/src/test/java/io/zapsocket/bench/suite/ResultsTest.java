package io.zapsocket.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

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
}
