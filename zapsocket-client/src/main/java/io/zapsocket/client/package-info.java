/**
 * The Zap-Socket Java client: a Socket.IO v4 client (Engine.IO v4, Socket.IO v5) on Netty, compatible with
 * Zap-Socket's server and the Node reference {@code socket.io} 4.x.
 *
 * <p>Start with {@link io.zapsocket.client.SocketClient#create(String, io.zapsocket.client.ClientOptions)}: one
 * client per server URL and path owns one Engine.IO connection (polling, WebSocket, or the upgrade from one to the
 * other), reconnects with the JavaScript client's backoff, and multiplexes the
 * {@link io.zapsocket.client.ClientSocket}s of several namespaces over it. Sockets buffer emits while offline
 * (bounded), deliver acknowledgements as {@link java.util.concurrent.CompletableFuture}s with timeouts, can send
 * at-least-once ({@code retries}, optionally persisted to a file), and recover their session when the server has
 * connection state recovery.
 *
 * <p>Threading: connection state lives on one Netty event loop; listeners and future completions run in order on
 * one client event thread (or a given executor), never on the I/O thread. No Netty type appears in this package's
 * API.
 */
package io.zapsocket.client;
