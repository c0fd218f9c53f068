package io.zapsocket.spring.autoconfigure.health;

import io.zapsocket.spring.autoconfigure.ZapSocketAutoConfiguration;
import io.zapsocket.spring.autoconfigure.ZapSocketLifecycle;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code zapsocket} health contributor, when Actuator is on the class path and the server is configured; off
 * with {@code management.health.zapsocket.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ZapSocketAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(ZapSocketLifecycle.class)
@ConditionalOnEnabledHealthIndicator("zapsocket")
public class ZapSocketHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "zapsocketHealthIndicator")
    public ZapSocketHealthIndicator zapsocketHealthIndicator(ZapSocketLifecycle lifecycle) {
        return new ZapSocketHealthIndicator(lifecycle);
    }
}
