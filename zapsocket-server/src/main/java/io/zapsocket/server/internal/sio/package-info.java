/**
 * The Socket.IO v5 layer on top of the engine: {@link io.zapsocket.server.internal.sio.DefaultSocketServer} (the
 * server and its main namespace), {@link io.zapsocket.server.internal.sio.ClientConnection} (one Engine.IO session
 * multiplexing namespaces: packet decoding, binary reassembly, CONNECT/DISCONNECT), namespaces (static, and dynamic
 * via {@link io.zapsocket.server.internal.sio.ParentNamespace}) with their middlewares,
 * {@link io.zapsocket.server.internal.sio.DefaultServerSocket} (listeners, rooms, recovery) with
 * {@link io.zapsocket.server.internal.sio.EventDelivery} (an incoming event's way to the handlers: rate limits,
 * middlewares), {@link io.zapsocket.server.internal.sio.SocketHandlers} (how user code runs: in order, isolated)
 * and {@link io.zapsocket.server.internal.sio.SocketEmitter} (emits to one socket); acks, both ways, are in
 * {@code io.zapsocket.server.internal.ack}. Then the immutable broadcast operators and the packets encoded once
 * per broadcast ({@link io.zapsocket.server.internal.sio.DefaultPreparedPacket}).
 *
 * <p>Every socket's state is confined to its connection's event loop; user handlers run there or, in order per
 * socket, on the configured handler executor ({@link io.zapsocket.server.internal.sio.SerialExecutor}).
 */
package io.zapsocket.server.internal.sio;
