/**
 * Netty plumbing under the Engine.IO layer: the HTTP host ({@link io.zapsocket.server.internal.transport.HttpServerHost})
 * that owns the event loops and routes requests, the per-request {@link io.zapsocket.server.internal.transport.HttpExchange}
 * and the WebSocket connection ({@link io.zapsocket.server.internal.transport.WsConnection}); TLS, HTTP compression of
 * polling responses, permessage-deflate and the keep-alive idle timeout are set up here.
 *
 * <p>Ownership rule of this package: every pooled {@code ByteBuf} that Netty hands in is consumed and released on
 * the channel's own event loop; what crosses to another thread is a {@code String} or a {@code byte[]}. Outbound
 * data is wrapped heap arrays, so a response dropped on the way (closed channel, loop shut down) leaks nothing.
 */
package io.zapsocket.server.internal.transport;
