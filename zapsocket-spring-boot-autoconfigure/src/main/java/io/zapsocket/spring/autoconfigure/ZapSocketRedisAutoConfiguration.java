package io.zapsocket.spring.autoconfigure;

import io.zapsocket.redis.RedisAdapterFactory;
import io.zapsocket.redis.RedisAdapterOptions;
import io.zapsocket.redis.RedisAdapters;
import io.zapsocket.server.adapter.AdapterFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * With {@code zapsocket.adapter=redis} (and {@code zapsocket-redis} on the class path): the Redis adapter of
 * {@code zapsocket.redis.kind}, connected to the Redis of Spring's own settings ({@code spring.data.redis.url}, or
 * {@code host}, {@code port}, {@code username}, {@code password}, {@code database}, {@code ssl.enabled}; see
 * {@link RedisUri}). The adapter opens its own Lettuce connections (a pub/sub subscriber cannot share Spring Data's)
 * and is closed after the server.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = ZapSocketAutoConfiguration.class)
@ConditionalOnClass(RedisAdapterFactory.class)
@ConditionalOnProperty(prefix = "zapsocket", name = "adapter", havingValue = "redis")
@EnableConfigurationProperties(ZapSocketProperties.class)
public class ZapSocketRedisAutoConfiguration {

    /** The adapter; an {@link AdapterFactory} bean of the application's own wins. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(AdapterFactory.class)
    public RedisAdapterFactory zapSocketRedisAdapter(ZapSocketProperties properties, Environment environment) {
        ZapSocketProperties.Redis redis = properties.getRedis();
        RedisAdapterOptions options = RedisAdapterOptions.builder(RedisUri.from(environment))
                .key(redis.getKey())
                .requestsTimeout(redis.getRequestsTimeout())
                .build();
        return switch (redis.getKind()) {
            case PUB_SUB -> RedisAdapters.pubSub(options);
            case SHARDED -> RedisAdapters.sharded(options);
            case STREAMS -> RedisAdapters.streams(options);
        };
    }
}
