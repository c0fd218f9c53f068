/**
 * Implementation of the client; not an API (no compatibility promise). {@code DefaultSocketClient} (the manager:
 * engine session, reconnection, sockets), {@code DefaultClientSocket} (a namespace: CONNECT/auth, recovery
 * pid/offset, receive buffer, dispatch) coordinating its {@code Outbox} (the sending side) over the
 * {@code AckTable} (acks indexed by id), the {@code OfflineBuffer} and the at-least-once {@code RetryQueue} (with the
 * {@code FileQueueStore}, the persistent queue), and its {@code SocketListeners} ({@code ListenerList}s, as the
 * manager's); {@code SocketEmitter} (the emit operator), {@code ClientFuture} (futures that refuse to block the
 * client's own threads); {@code EngineSocket} (Engine.IO session: handshake, heartbeat, upgrade, write buffer) over
 * the {@code PollingTransport} (two {@code HttpLane}s), {@code WebSocketTransport} and {@code ProvidedTransport} (a
 * {@code TransportProvider}'s {@code TransportLink}: the SPI through which {@code zapsocket-webtransport} gives the
 * client its {@code webtransport} transport; the one reason this package is exported, to that module only);
 * {@code Backoff} (the
 * JavaScript formula), {@code ListenerDispatcher} (ordered listener execution off the I/O thread). Everything
 * except the dispatcher, the listener lists and the store is confined to the client's event loop.
 */
package io.zapsocket.client.internal;
