/**
 * Emitting without a socket: {@link io.zapsocket.emitter.Emitter} publishes events, room joins and leaves,
 * disconnections and server-side events to every server of a cluster that uses the classic Redis pub/sub adapter
 * (Zap-Socket's {@code RedisAdapters.pubSub} or Node's {@code @socket.io/redis-adapter}), in the format of Node's
 * {@code @socket.io/redis-emitter} 5.x, byte for byte. {@link io.zapsocket.emitter.EmitterOptions} configures it;
 * {@link io.zapsocket.emitter.Publisher} is the transport it publishes through.
 */
package io.zapsocket.emitter;
