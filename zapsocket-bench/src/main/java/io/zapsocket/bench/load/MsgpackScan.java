package io.zapsocket.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * Reads a {@code socket.io-msgpack-parser} packet (a MessagePack map {@code {type, data, nsp, id}}) in place, for the
 * generator: no objects but the small result, {@code data} left as an index range. Only what the server sends is
 * understood: a fix map of fix-string keys; any value kind is skipped.
 */
final class MsgpackScan {
    private static final int MAX_DEPTH = 64;

    private MsgpackScan() {
    }

    /** A packet's type, ack id (-1 if none) and {@code data} range ({@code -1, -1} if none). */
    record Packet(int type, long id, int dataFrom, int dataTo) {
    }

    /** The packet in {@code [from, to)}, or {@code null} if it is not a well-formed packet map. */
    static Packet packet(ByteBuf b, int from, int to) {
        if (to - from < 1) {
            return null;
        }
        int h = b.getUnsignedByte(from);
        if ((h & 0xf0) != 0x80) {
            return null;
        }
        int entries = h & 0x0f;
        int p = from + 1;
        int type = -1;
        long id = -1;
        int dataFrom = -1;
        int dataTo = -1;
        for (int e = 0; e < entries; e++) {
            if (p >= to) {
                return null;
            }
            int k = b.getUnsignedByte(p);
            if ((k & 0xe0) != 0xa0) {
                return null; // keys are short strings
            }
            int keyLen = k & 0x1f;
            int key = p + 1;
            p = key + keyLen;
            int end = skip(b, p, to, 0);
            if (end < 0) {
                return null;
            }
            if (keyLen == 4 && b.getByte(key) == 't') {
                type = (int) integer(b, p);
            } else if (keyLen == 2 && b.getByte(key) == 'i') {
                id = integer(b, p);
            } else if (keyLen == 4 && b.getByte(key) == 'd') {
                dataFrom = p;
                dataTo = end;
            }
            p = end;
        }
        return type < 0 ? null : new Packet(type, id, dataFrom, dataTo);
    }

    /** The non-negative integer at {@code p} (fixint, uint 8-64, positive int 8-64, float 64), or -1. */
    static long integer(ByteBuf b, int p) {
        int t = b.getUnsignedByte(p);
        if (t < 0x80) {
            return t;
        }
        return switch (t) {
            case 0xcc -> b.getUnsignedByte(p + 1);
            case 0xcd -> b.getUnsignedShort(p + 1);
            case 0xce -> b.getUnsignedInt(p + 1);
            case 0xcf, 0xd3 -> Math.max(-1, b.getLong(p + 1));
            case 0xd0 -> Math.max(-1, b.getByte(p + 1));
            case 0xd1 -> Math.max(-1, b.getShort(p + 1));
            case 0xd2 -> Math.max(-1, b.getInt(p + 1));
            case 0xcb -> (long) b.getDouble(p + 1);
            default -> -1;
        };
    }

    /** The end of the value that starts at {@code p}, or -1 if it is truncated, malformed or nested too deep. */
    static int skip(ByteBuf b, int p, int to, int depth) {
        if (p >= to || depth > MAX_DEPTH) {
            return -1;
        }
        int t = b.getUnsignedByte(p);
        long end;
        if (t < 0x80 || t >= 0xe0 || t == 0xc0 || t == 0xc2 || t == 0xc3) {
            end = p + 1;
        } else if (t < 0x90) {
            return items(b, p + 1, to, 2 * (t & 0x0f), depth);
        } else if (t < 0xa0) {
            return items(b, p + 1, to, t & 0x0f, depth);
        } else if (t < 0xc0) {
            end = p + 1 + (t & 0x1f);
        } else {
            end = switch (t) {
                case 0xc4, 0xd9 -> p + 2 < to + 1 ? p + 2 + b.getUnsignedByte(p + 1) : -1;
                case 0xc5, 0xda -> p + 3 <= to ? p + 3 + b.getUnsignedShort(p + 1) : -1;
                case 0xc6, 0xdb -> p + 5 <= to ? p + 5 + b.getUnsignedInt(p + 1) : -1;
                case 0xc7 -> p + 2 < to ? p + 3 + b.getUnsignedByte(p + 1) : -1;
                case 0xc8 -> p + 3 < to ? p + 4 + b.getUnsignedShort(p + 1) : -1;
                case 0xc9 -> p + 5 < to ? p + 6 + b.getUnsignedInt(p + 1) : -1;
                case 0xca, 0xd2 -> p + 5L;
                case 0xcb, 0xcf, 0xd3 -> p + 9L;
                case 0xcc, 0xd0 -> p + 2L;
                case 0xcd, 0xd1 -> p + 3L;
                case 0xce -> p + 5L;
                case 0xd4 -> p + 3L;
                case 0xd5 -> p + 4L;
                case 0xd6 -> p + 6L;
                case 0xd7 -> p + 10L;
                case 0xd8 -> p + 18L;
                case 0xdc -> p + 3 <= to ? items(b, p + 3, to, b.getUnsignedShort(p + 1), depth) : -1;
                case 0xdd -> p + 5 <= to ? items(b, p + 5, to, b.getUnsignedInt(p + 1), depth) : -1;
                case 0xde -> p + 3 <= to ? items(b, p + 3, to, 2L * b.getUnsignedShort(p + 1), depth) : -1;
                case 0xdf -> p + 5 <= to ? items(b, p + 5, to, 2L * b.getUnsignedInt(p + 1), depth) : -1;
                default -> -1; // 0xc1: never used
            };
        }
        return end < 0 || end > to ? -1 : (int) end;
    }

    private static int items(ByteBuf b, int p, int to, long n, int depth) {
        for (long i = 0; i < n; i++) {
            p = skip(b, p, to, depth + 1);
            if (p < 0) {
                return -1;
            }
        }
        return p;
    }
}
