package io.zapsocket.server.internal.transport;

/**
 * Handles HTTP requests routed to it by {@link HttpServerHost}: either requests for one exact path (small GET
 * handlers, e.g. the client bundle) or, for an Engine.IO endpoint, every request under a path prefix.
 *
 * <p>Called on the connection's event loop; must not block. The route must eventually answer the exchange
 * ({@link HttpExchange#respond}) or upgrade it; it may do so later and from any thread.
 */
@FunctionalInterface
public interface HttpRoute {

    void handle(HttpExchange exchange);
}
