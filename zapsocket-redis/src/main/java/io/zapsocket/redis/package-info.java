/**
 * Redis cluster adapters, wire-compatible with Node's {@code @socket.io/redis-adapter} 8.3 (classic and sharded
 * pub/sub) and {@code @socket.io/redis-streams-adapter} 0.3 (Streams, with connection state recovery across nodes):
 * {@link io.zapsocket.redis.RedisAdapters}, {@link io.zapsocket.redis.RedisAdapterOptions},
 * {@link io.zapsocket.redis.RedisAdapterFactory}, {@link io.zapsocket.redis.AdapterState}.
 */
package io.zapsocket.redis;
