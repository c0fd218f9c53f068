package io.zapsocket.examples.demo;

import java.net.URI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoArgsTest {

    @Test
    void defaultsToPort3000OnAllInterfacesInMemory() {
        assertThat(DemoArgs.parse()).isEqualTo(new DemoArgs("0.0.0.0", 3000, null));
    }

    @Test
    void readsPortHostAndRedisInBothSpellings() {
        assertThat(DemoArgs.parse("--port", "8080", "--host", "127.0.0.1"))
                .isEqualTo(new DemoArgs("127.0.0.1", 8080, null));
        assertThat(DemoArgs.parse("--port=0", "--redis=redis://localhost:6379"))
                .isEqualTo(new DemoArgs("0.0.0.0", 0, URI.create("redis://localhost:6379")));
        assertThat(DemoArgs.parse("--metrics-port", "-1").metricsPort()).isEqualTo(-1);
        assertThat(DemoArgs.parse().metricsPort()).isEqualTo(DemoArgs.DEFAULT_METRICS_PORT);
        assertThat(DemoArgs.parse("--redis", "redis://10.0.0.5:6380/2").redisUrl())
                .isEqualTo(URI.create("redis://10.0.0.5:6380/2"));
    }

    @Test
    void refusesBadArgumentsWithAMessage() {
        assertThatThrownBy(() -> DemoArgs.parse("--port", "http")).hasMessageContaining("--port must be a number");
        assertThatThrownBy(() -> DemoArgs.parse("--port", "70000")).hasMessageContaining("0-65535");
        assertThatThrownBy(() -> DemoArgs.parse("--port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> DemoArgs.parse("--redis", "localhost:6379")).hasMessageContaining("redis://");
        assertThatThrownBy(() -> DemoArgs.parse("--verbose")).hasMessageContaining("unknown argument");
    }
}
