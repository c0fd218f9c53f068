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
}
