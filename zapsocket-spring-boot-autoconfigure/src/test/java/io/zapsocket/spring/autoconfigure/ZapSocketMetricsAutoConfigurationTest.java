package io.zapsocket.spring.autoconfigure;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zapsocket.micrometer.RedisAdapterMetrics;
import io.zapsocket.micrometer.ZapSocketMetrics;
import io.zapsocket.spring.autoconfigure.metrics.ZapSocketMetricsAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ZapSocketMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ZapSocketAutoConfiguration.class,
                    ZapSocketMetricsAutoConfiguration.class))
            .withPropertyValues("zapsocket.port=0", "zapsocket.host=127.0.0.1");

    @Test
    void theServersMetersAreAMeterBinderBean() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ZapSocketMetrics.class).doesNotHaveBean(RedisAdapterMetrics.class);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(ZapSocketMetrics.class).bindTo(registry);
            assertThat(registry.find("zapsocket.connections").gauges()).isNotEmpty();
            assertThat(registry.find("zapsocket.handshakes.accepted").meters()).isNotEmpty();
        });
    }

    @Test
    void offWithTheProperty() {
        runner.withPropertyValues("zapsocket.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ZapSocketMetrics.class));
    }

    @Test
    void noMetersWithoutAServer() {
        runner.withPropertyValues("zapsocket.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ZapSocketMetrics.class));
    }
}
