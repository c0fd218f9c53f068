package io.zapsocket.protocol.msgpack;

import io.zapsocket.protocol.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * MessagePack as {@code notepack.io} 3.0 (classic Redis adapter) and {@code @msgpack/msgpack} 2.8 (Streams adapter)
 * write it for JavaScript values, so Node nodes decode exactly what they would have sent themselves:
 * <ul>
 *   <li>integral numbers (also integral {@code double}s, as JavaScript has one number type) in the smallest
 *       int/uint form; other numbers as float64;</li>
 *   <li>strings as fixstr/str8/str16/str32; {@code byte[]} and {@code ByteBuffer} as bin (never ext);</li>
 *   <li>{@link Instant} and {@link Date} as the timestamp extension (type -1);</li>
 *   <li>maps with string keys, in iteration order; lists, arrays and other iterables as arrays;</li>
 *   <li>anything else (records, POJOs) through its JSON form ({@link Json#stringify}), as {@code toJSON()} would.</li>
 * </ul>
 * Decoding gives the same Java types as {@link Json#parse} ({@code LinkedHashMap}, {@code ArrayList},
 * {@code String}, {@code Integer}/{@code Long}/{@code Double}, {@code Boolean}, {@code null}), plus {@code byte[]}
 * for bin and {@link Instant} for timestamps. Unknown extension types decode to {@code null}.
 *
 * <p>The methods without a {@link MsgpackDialect} use {@link MsgpackDialect#NOTEPACK_3}; {@code socket.io-msgpack-parser}
 * needs {@link MsgpackDialect#NOTEPACK_2} (see there for the differences).
 *
 * <p>Decoding is defensive: nesting is bounded (1000 levels, as {@link Json#parse}), and a length or element count
 * larger than the bytes left is rejected before anything is allocated for it.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class Msgpack {
    private static final int MAX_DEPTH = 1000;
    private static final double MAX_SAFE = 9007199254740991.0;

    private Msgpack() {
    }

    /**
     * Encodes one value as above.
     *
     * @throws IllegalArgumentException when the value nests deeper than 1000 levels
     */
    public static byte[] encode(Object value) {
        return encode(value, MsgpackDialect.NOTEPACK_3);
    }

    /**
     * Encodes one value as above, with the date convention of {@code dialect}.
     *
     * @throws IllegalArgumentException when the value nests deeper than 1000 levels
     * @since 0.1.0
     */
    public static byte[] encode(Object value, MsgpackDialect dialect) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            write(p, value, 0, dialect == MsgpackDialect.NOTEPACK_2);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes one value; throws {@link IllegalArgumentException} on malformed input. */
    public static Object decode(byte[] bytes) {
        return decode(bytes, MsgpackDialect.NOTEPACK_3);
    }

    /**
     * Decodes one value with the extension conventions of {@code dialect}; throws {@link IllegalArgumentException}
     * on malformed input (also: trailing bytes, nesting over 1000 levels, a length beyond the input).
     *
     * @since 0.1.0
     */
    public static Object decode(byte[] bytes, MsgpackDialect dialect) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            Object v = read(u, 0, bytes.length, dialect == MsgpackDialect.NOTEPACK_2);
            if (u.hasNext()) {
                throw new IllegalArgumentException("trailing bytes after a msgpack value");
            }
            return v;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("malformed msgpack: " + e.getMessage(), e);
        }
    }

    /** Whether a value holds binary anywhere (socket.io's {@code hasBinary}). */
    public static boolean hasBinary(Object value) {
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return true;
        }
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (hasBinary(v)) {
                    return true;
                }
            }
        } else if (value instanceof Iterable<?> it) {
            for (Object v : it) {
                if (hasBinary(v)) {
                    return true;
                }
            }
        } else if (value instanceof Object[] a) {
            for (Object v : a) {
                if (hasBinary(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void write(MessageBufferPacker p, Object v, int depth, boolean np2) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null) {
            p.packNil();
        } else if (v instanceof String s) {
            p.packString(s);
        } else if (v instanceof Boolean b) {
            p.packBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            p.packLong(((Number) v).longValue());
        } else if (v instanceof BigInteger bi) {
            if (bi.bitLength() < 64) {
                p.packLong(bi.longValue());
            } else {
                p.packDouble(bi.doubleValue());
            }
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE) { // -0.0 too, as notepack
                p.packLong((long) d);
            } else {
                p.packDouble(d);
            }
        } else if (v instanceof byte[] b) {
            p.packBinaryHeader(b.length);
            p.writePayload(b);
        } else if (v instanceof ByteBuffer bb) {
            ByteBuffer d = bb.duplicate();
            byte[] b = new byte[d.remaining()];
            d.get(b);
            p.packBinaryHeader(b.length);
            p.writePayload(b);
        } else if (v instanceof Map<?, ?> m) {
            p.packMapHeader(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                p.packString(String.valueOf(e.getKey()));
                write(p, e.getValue(), depth + 1, np2);
            }
        } else if (v instanceof List<?> l) {
            p.packArrayHeader(l.size());
            for (Object o : l) {
                write(p, o, depth + 1, np2);
            }
        } else if (v instanceof Iterable<?> it) {
            List<Object> l = new ArrayList<>();
            it.forEach(l::add);
            write(p, l, depth, np2);
        } else if (v instanceof Object[] a) {
            write(p, java.util.Arrays.asList(a), depth, np2);
        } else if (v instanceof Instant i) {
            writeDate(p, i, np2);
        } else if (v instanceof Date d) {
            writeDate(p, d.toInstant(), np2);
        } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
            p.packString(v instanceof Enum<?> e ? e.name() : v.toString());
        } else if (v instanceof Optional<?> o) {
            write(p, o.orElse(null), depth, np2);
        } else {
            write(p, Json.parse(Json.stringify(v)), depth, np2);
        }
    }

    private static void writeDate(MessageBufferPacker p, Instant i, boolean np2) throws IOException {
        if (!np2) {
            p.packTimestamp(i);
            return;
        }
        long ms = i.toEpochMilli(); // notepack 2: fixext 8 type 0, floor(ms / 2^32) as int32 then ms as uint32
        p.packExtensionTypeHeader((byte) 0, 8);
        p.writePayload(new byte[] {(byte) (ms >>> 56), (byte) (ms >>> 48), (byte) (ms >>> 40), (byte) (ms >>> 32),
            (byte) (ms >>> 24), (byte) (ms >>> 16), (byte) (ms >>> 8), (byte) ms});
    }

    /** Rejects a declared length that the rest of the input cannot hold (before allocating anything for it). */
    private static int fits(MessageUnpacker u, int total, long n, int bytesPerItem) {
        long left = total - u.getTotalReadBytes();
        if (n < 0 || n * bytesPerItem > left) {
            throw new IllegalArgumentException("msgpack length " + n + " exceeds the " + left + " bytes left");
        }
        return (int) n;
    }

    private static Object read(MessageUnpacker u, int depth, int total, boolean np2) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("msgpack nested deeper than " + MAX_DEPTH + " levels");
        }
        MessageFormat f = u.getNextFormat();
        ValueType t = f.getValueType();
        switch (t) {
            case NIL:
                u.unpackNil();
                return null;
            case BOOLEAN:
                return u.unpackBoolean();
            case INTEGER:
                if (f == MessageFormat.UINT64) {
                    BigInteger bi = u.unpackBigInteger();
                    return bi.bitLength() < 64 ? (Object) bi.longValue() : (Object) bi.doubleValue();
                }
                long l = u.unpackLong();
                return l == (int) l ? (Object) (int) l : (Object) l;
            case FLOAT:
                return u.unpackDouble();
            case STRING: {
                int n = fits(u, total, u.unpackRawStringHeader(), 1);
                return new String(u.readPayload(n), StandardCharsets.UTF_8);
            }
            case BINARY: {
                int n = fits(u, total, u.unpackBinaryHeader(), 1);
                return u.readPayload(n);
            }
            case ARRAY: {
                int n = fits(u, total, u.unpackArrayHeader(), 1);
                List<Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    list.add(read(u, depth + 1, total, np2));
                }
                return list;
            }
            case MAP: {
                int n = fits(u, total, u.unpackMapHeader(), 2);
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object k = read(u, depth + 1, total, np2);
                    map.put(String.valueOf(k), read(u, depth + 1, total, np2));
                }
                return map;
            }
            case EXTENSION: {
                var header = u.unpackExtensionTypeHeader();
                if (header.isTimestampType()) {
                    return u.unpackTimestamp(header);
                }
                byte[] payload = u.readPayload(fits(u, total, header.getLength(), 1));
                if (np2 && header.getType() == 0) {
                    if (f == MessageFormat.FIXEXT8) { // Date: epoch ms, big-endian
                        long ms = 0;
                        for (byte b : payload) {
                            ms = (ms << 8) | (b & 0xff);
                        }
                        return Instant.ofEpochMilli(ms);
                    }
                    if (f == MessageFormat.EXT8 || f == MessageFormat.EXT16 || f == MessageFormat.EXT32) {
                        return payload; // ArrayBuffer / typed array
                    }
                }
                return null; // undefined (fixext 1 type 0), other extension types
            }
            default:
                throw new IllegalArgumentException("unsupported msgpack type " + t);
        }
    }
}
