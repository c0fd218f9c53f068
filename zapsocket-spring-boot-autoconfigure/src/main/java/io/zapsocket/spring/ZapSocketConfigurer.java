package io.zapsocket.spring;

import io.zapsocket.server.SocketServer;

/**
 * The functional API: a bean of this type receives the server before it starts listening, to register namespaces,
 * middlewares and handlers with the plain Zap-Socket API.
 *
 * <pre>{@code
 * @Bean
 * ZapSocketConfigurer echo() {
 *     return server -> server.onConnection(socket -> socket.on("echo", (args, ack) -> ack.send(args.toArray())));
 * }
 * }</pre>
 *
 * <p>Configurers run in {@link org.springframework.core.annotation.Order} / {@link org.springframework.core.Ordered}
 * order, before the {@link ZapController} beans are registered, once per application context start.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ZapSocketConfigurer {

    /** Registers handlers on {@code server}, which is not listening yet. An exception fails the context's start. */
    void configure(SocketServer server) throws Exception;
}
