package io.zapsocket.spring;

import io.zapsocket.server.ServerOptions;

/**
 * Sets {@link ServerOptions} that have no {@code zapsocket.*} property (TLS, rate limits, middleware-like hooks,
 * a handler executor, ...): each bean of this type gets the builder after the properties, the application's
 * {@code ObjectMapper} and the adapter were applied, in {@link org.springframework.core.annotation.Order} order.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ServerOptionsCustomizer {

    /** Changes {@code builder}; the options are built after the last customizer. */
    void customize(ServerOptions.Builder builder);
}
