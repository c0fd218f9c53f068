package io.zapsocket.protocol.msgpack;

/**
 * Which JavaScript MessagePack library's extension conventions {@link Msgpack} follows. Plain values (nil, booleans,
 * numbers, strings, bin, arrays, maps) are the same in both.
 *
 * @since 0.1.0
 */
public enum MsgpackDialect {
    /**
     * {@code notepack.io} 3.x and {@code @msgpack/msgpack} (the Redis/Postgres adapters and emitters): dates as the
     * timestamp extension (type -1); extension type 0 decodes to {@code null}.
     */
    NOTEPACK_3,
    /**
     * {@code notepack.io} 2.x, as {@code socket.io-msgpack-parser} 3.x uses it: dates as fixext 8 of type 0 (epoch
     * milliseconds, high int32 then low uint32); ext 8/16/32 of type 0 (how browsers' {@code ArrayBuffer}s and typed
     * arrays are written) decode to {@code byte[]}; fixext 1 of type 0 ({@code undefined}) decodes to {@code null}.
     * Timestamps (type -1) are still read.
     */
    NOTEPACK_2
}
