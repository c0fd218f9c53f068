package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zapsocket.testkit.RedisProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real {@code kill -9} of a node process with the default timing: its presence members disappear from the other
 * node within 10 s, and nothing waits on the dead node meanwhile.
 */
class NodeKillTest {
    @Test
    void aKilledNodesMembersDisappearEverywhereWithinTenSeconds() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            Node a = new Node(SyncStores.redis(redis.uri(), SyncOptions.defaults()), SyncOptions.defaults());
            Process child = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashingNodeMain.class.getName(), redis.uri(), "9"))
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null && !line.equals("ready")) {
                    // the child's log lines
                }
                assertThat(line).isEqualTo("ready");
                List<PresenceEntry> before = a.sync.presence("lobby").get(5, TimeUnit.SECONDS);
                assertThat(before).extracting(PresenceEntry::key).containsExactly("user-0", "user-1", "user-2");
                assertThat(before.get(0).metas()).hasSize(3);

                child.destroyForcibly(); // SIGKILL
                child.waitFor(10, TimeUnit.SECONDS);
                long killed = System.nanoTime();
                await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(100))
                        .until(() -> a.sync.presence("lobby").get(1, TimeUnit.SECONDS).isEmpty());
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                assertThat(tookMs).isLessThan(10_000);
            } finally {
                child.destroyForcibly();
                a.close();
            }
        }
    }
}
