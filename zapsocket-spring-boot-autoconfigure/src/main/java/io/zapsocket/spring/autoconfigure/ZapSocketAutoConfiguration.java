package io.zapsocket.spring.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.adapter.AdapterFactory;
import io.zapsocket.spring.ServerOptionsCustomizer;
import io.zapsocket.spring.ZapSocketConfigurer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a Zap-Socket server: {@link ServerOptions} from {@link ZapSocketProperties} (with the
 * application's {@code ObjectMapper}, a cluster {@link AdapterFactory} bean when there is one, and every
 * {@link ServerOptionsCustomizer}), the {@link SocketServer}, and the {@link ZapSocketLifecycle} that registers the
 * handlers and starts and drains the server with the context. Each bean backs off when the application defines its
 * own. Off with {@code zapsocket.enabled=false}.
 *
 * @since 0.1.0
 */
// by name: Boot 3 and Boot 4 keep Jackson's auto-configuration in different places
@AutoConfiguration(afterName = {"org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration",
        "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration"})
@ConditionalOnClass(SocketServer.class)
@ConditionalOnProperty(prefix = "zapsocket", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ZapSocketProperties.class)
public class ZapSocketAutoConfiguration {

    /**
     * The options: the properties, then the application's {@code ObjectMapper} (typed payloads and acknowledgement
     * values are bound with it), then the adapter bean, then the customizers in order.
     */
    @Bean
    @ConditionalOnMissingBean
    public ServerOptions zapSocketServerOptions(ZapSocketProperties properties, ObjectProvider<ObjectMapper> mapper,
                                                ObjectProvider<AdapterFactory> adapter,
                                                ObjectProvider<ServerOptionsCustomizer> customizers) {
        ServerOptions.Builder builder = ServerOptionsMapping.toBuilder(properties);
        mapper.ifAvailable(builder::objectMapper);
        AdapterFactory cluster = adapter.getIfUnique();
        if (cluster != null) {
            builder.adapter(cluster);
        } else if (properties.getAdapter() == ZapSocketProperties.AdapterType.REDIS) {
            // never fall back to a single-node server silently
            throw new IllegalStateException("zapsocket.adapter=redis, but there is no AdapterFactory bean: add "
                    + "io.zapsocket:zapsocket-redis to the class path (or define an AdapterFactory bean)");
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /** The server; not listening until the context starts ({@link ZapSocketLifecycle}). */
    @Bean
    @ConditionalOnMissingBean
    public SocketServer zapSocketServer(ServerOptions options) {
        return SocketServer.create(options);
    }

    /** Starts the server after the context's refresh and drains it on shutdown. */
    @Bean
    @ConditionalOnMissingBean
    public ZapSocketLifecycle zapSocketLifecycle(SocketServer server, ZapSocketProperties properties,
                                                 ObjectProvider<ZapSocketConfigurer> configurers,
                                                 ApplicationContext context) {
        return new ZapSocketLifecycle(server, properties, configurers.orderedStream().toList(),
                new ZapControllerRegistrar(context));
    }
}
