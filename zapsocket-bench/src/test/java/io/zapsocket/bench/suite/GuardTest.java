package io.zapsocket.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardTest {

    private static Path baseline(Path dir) throws Exception {
        Path f = dir.resolve("baseline.json");
        new ObjectMapper().writeValue(f.toFile(), Map.of("plan", "guard", "startedAt", "then", "medians", Map.of(
                "echo-closed", Map.of("zap", Map.of("serverCpuUsPerRoundTrip", 10.0, "roundTripsPerSec", 1000.0)),
                "fanout-1000", Map.of("zap", Map.of("serverCpuUsPerDelivery", 1.0)))));
        return f;
    }

    private static String run(Results r, Path baseline, boolean[] ok) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            ok[0] = Guard.compare(r, baseline, 0.2);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void flagsAFigureThatGotWorseBeyondTheThresholdWhateverItsDirection(@TempDir Path dir) throws Exception {
        Results r = new Results(Plan.GUARD, List.of("zap"), "");
        // CPU 30 % worse, rate 30 % worse (lower), fan-out 10 % worse: two regressions
        r.add("zap", 1, "echo-closed", Map.of("serverCpuUsPerRoundTrip", 13.0, "roundTripsPerSec", 700.0));
        r.add("zap", 1, "fanout-1000", Map.of("serverCpuUsPerDelivery", 1.1));
        boolean[] ok = new boolean[1];
        String out = run(r, baseline(dir), ok);
        assertThat(ok[0]).isFalse();
        assertThat(out).contains("2 regression(s)").contains("REGRESSION (30 % worse)")
                .contains("REGRESSION (43 % worse)").contains("1.30");
    }

    @Test
    void passesWithinTheThresholdAndSaysWhatWasNotCompared(@TempDir Path dir) throws Exception {
        Results r = new Results(Plan.GUARD, List.of("zap"), "");
        r.add("zap", 1, "echo-closed", Map.of("serverCpuUsPerRoundTrip", 7.0, "roundTripsPerSec", 1100.0));
        r.add("zap", 1, "fanout-1000", Map.of("serverCpuUsPerDelivery", 1.05));
        boolean[] ok = new boolean[1];
        String out = run(r, baseline(dir), ok);
        assertThat(ok[0]).isTrue();
        assertThat(out).contains("better (30 %)").contains("0 regression(s)").contains("not measured now");
    }

    @Test
    void aMissingBaselineFailsTheGuard(@TempDir Path dir) throws Exception {
        boolean[] ok = new boolean[1];
        String out = run(new Results(Plan.GUARD, List.of("zap"), ""), dir.resolve("none.json"), ok);
        assertThat(ok[0]).isFalse();
        assertThat(out).contains("no baseline");
        assertThat(Files.exists(dir.resolve("none.json"))).isFalse();
    }
}
