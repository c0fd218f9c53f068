/**
 * MessagePack with JavaScript semantics: {@link io.zapsocket.protocol.msgpack.Msgpack} writes what
 * {@code notepack.io} and {@code @msgpack/msgpack} write for the same JavaScript values, as the Node cluster adapters
 * and emitters exchange them over Redis or Postgres, and reads them back as the Java types of
 * {@link io.zapsocket.protocol.json.Json}.
 *
 * <p>Everything here is thread-safe and free of Netty types.
 */
package io.zapsocket.protocol.msgpack;
