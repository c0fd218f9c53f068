package io.zapsocket.server;

import java.util.List;

/**
 * A per-socket packet middleware ({@code socket.use(...)}), run for every incoming event before the handlers.
 * {@code packet} is mutable: {@code [event, arg1, arg2, ...]}. {@link Middleware.Next#fail} drops the event and
 * reports a {@link MiddlewareException} to the socket's error listeners (nothing is sent to the client).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PacketMiddleware {
    void handle(List<Object> packet, Middleware.Next next) throws Exception;
}
