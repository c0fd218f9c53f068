package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The harness itself: driver.js answers bad commands with errors, never crashes, and exits when stdin closes. */
class NodeDriverIT {
    private NodeDriver driver;

    @BeforeEach
    void start() throws Exception {
        driver = NodeDriver.start();
    }

    @AfterEach
    void stop() {
        driver.close();
        assertThat(NodeProcesses.liveCount()).as("node processes left running").isZero();
    }

    private static ObjectNode cmd(String name) {
        return NodeDriver.command(name, null);
    }

    @Test
    void badCommandsGetErrorRepliesAndTheDriverKeepsRunning() throws Exception {
        driver.sendRaw("this is not json");
        assertThat(driver.events().awaitEvent(null, NodeDriver.UNMATCHED_REPLY).text("error")).startsWith("bad JSON");

        assertThatThrownBy(() -> driver.call(cmd("no-such-command")))
                .isInstanceOf(DriverException.class).hasMessageContaining("unknown command");
        assertThatThrownBy(() -> driver.call(NodeDriver.command("emit", "nobody").put("event", "x")))
                .isInstanceOf(DriverException.class).hasMessage("unknown client \"nobody\"");
        assertThatThrownBy(() -> driver.call(cmd("connect").put("client", "c")))
                .isInstanceOf(DriverException.class).hasMessage("missing field \"url\"");
        ObjectNode badArgs = cmd("connect").put("client", "c").put("url", "http://127.0.0.1:9/");
        badArgs.putArray("subscribe").add(42);
        assertThatThrownBy(() -> driver.call(badArgs)).isInstanceOf(DriverException.class);

        assertThat(driver.call(cmd("reset")).isNull()).isTrue();
        assertThat(driver.isAlive()).isTrue();
        assertThat(driver.events().driverErrors()).isEmpty();
    }

    @Test
    void exitsWhenStdinCloses() throws Exception {
        driver.closeStdin();

        assertThat(driver.awaitExit(Duration.ofSeconds(5))).isZero();
    }

    @Test
    void exitCommandEndsTheProcess() throws Exception {
        assertThat(driver.call(cmd("exit")).isNull()).isTrue();

        assertThat(driver.awaitExit(Duration.ofSeconds(5))).isZero();
        assertThatThrownBy(() -> driver.call(cmd("reset"))).isInstanceOf(DriverException.class);
    }
}
