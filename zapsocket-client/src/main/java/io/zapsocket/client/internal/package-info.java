/**
 * Implementation of the client; not an API (no compatibility promise). {@code DefaultSocketClient} (the manager:
 * engine session, reconnection, sockets), {@code DefaultClientSocket} (namespace: acks, offline buffer, retry queue,
 * recovery), {@code EngineSocket} (Engine.IO session: handshake, heartbeat, upgrade, write buffer) over the
 * {@code PollingTransport} (two {@code HttpLane}s) and {@code WebSocketTransport}; {@code Backoff} (the JavaScript
 * formula), {@code ListenerDispatcher} (ordered listener execution off the I/O thread), {@code FileQueueStore}
 * (persistent at-least-once queue). Everything except the dispatcher and the store is confined to the client's
 * event loop.
 */
package io.zapsocket.client.internal;
