/**
 * Implementation of the Redis adapters: Lettuce wiring ({@link io.zapsocket.redis.internal.RedisLink}), the serial
 * inbound {@link io.zapsocket.server.adapter.MessageDispatcher}, the notepack-compatible
 * {@link io.zapsocket.protocol.msgpack.Msgpack} codec and one adapter class per wire profile. Not an API.
 */
package io.zapsocket.redis.internal;
