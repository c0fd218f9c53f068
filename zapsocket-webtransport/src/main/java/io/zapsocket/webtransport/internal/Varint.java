package io.zapsocket.webtransport.internal;

import io.netty.buffer.ByteBuf;

/** QUIC variable-length integers (RFC 9000, 16): 1, 2, 4 or 8 bytes, the length in the first byte's top two bits. */
final class Varint {
    /** What {@link #read} answers when the buffer does not hold the whole integer yet. */
    static final long INCOMPLETE = -1;

    private Varint() {
    }

    /** Reads one integer, or answers {@link #INCOMPLETE} without moving the reader index. */
    static long read(ByteBuf buf) {
        if (!buf.isReadable()) {
            return INCOMPLETE;
        }
        int first = buf.getUnsignedByte(buf.readerIndex());
        int len = 1 << (first >>> 6);
        if (buf.readableBytes() < len) {
            return INCOMPLETE;
        }
        long v = first & 0x3f;
        buf.skipBytes(1);
        for (int i = 1; i < len; i++) {
            v = (v << 8) | buf.readUnsignedByte();
        }
        return v;
    }

    /** Writes {@code v} (0 to 2^62 - 1) in the shortest form. */
    static void write(ByteBuf out, long v) {
        if (v < 0x40) {
            out.writeByte((int) v);
        } else if (v < 0x4000) {
            out.writeShort((int) (0x4000 | v));
        } else if (v < 0x40000000L) {
            out.writeInt((int) (0x80000000L | v));
        } else {
            out.writeLong(0xc000000000000000L | v);
        }
    }
}
