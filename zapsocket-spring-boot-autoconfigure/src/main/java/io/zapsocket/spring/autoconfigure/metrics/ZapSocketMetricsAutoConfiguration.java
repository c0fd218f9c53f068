package io.zapsocket.spring.autoconfigure.metrics;

import io.zapsocket.micrometer.RedisAdapterMetrics;
import io.zapsocket.micrometer.ZapSocketMetrics;
import io.zapsocket.redis.RedisAdapterFactory;
import io.zapsocket.server.SocketServer;
import io.zapsocket.spring.autoconfigure.ZapSocketAutoConfiguration;
import io.zapsocket.spring.autoconfigure.ZapSocketRedisAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code zapsocket-micrometer} on the class path: the server's meters ({@link ZapSocketMetrics}, the
 * {@code zapsocket.*} meters) and, with the Redis adapter, its connection figures ({@link RedisAdapterMetrics}), as
 * {@code MeterBinder} beans, which Spring Boot's Actuator binds to the application's {@code MeterRegistry}. Off with
 * {@code zapsocket.metrics.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = {ZapSocketAutoConfiguration.class, ZapSocketRedisAutoConfiguration.class})
@ConditionalOnClass(ZapSocketMetrics.class)
@ConditionalOnBean(SocketServer.class)
@ConditionalOnProperty(prefix = "zapsocket.metrics", name = "enabled", matchIfMissing = true)
public class ZapSocketMetricsAutoConfiguration {

    /** The server's meters; closed (its observer removed) when the context closes. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ZapSocketMetrics zapSocketMetrics(SocketServer server) {
        return ZapSocketMetrics.of(server);
    }

    /** The Redis adapter's figures, when the application uses it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisAdapterFactory.class)
    @ConditionalOnBean(RedisAdapterFactory.class)
    static class RedisMetrics {
        @Bean
        @ConditionalOnMissingBean
        RedisAdapterMetrics zapSocketRedisAdapterMetrics(RedisAdapterFactory factory) {
            return RedisAdapterMetrics.of(factory);
        }
    }
}
