package io.zapsocket.webtransport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.zapsocket.server.internal.transport.OutFrame;

import java.util.List;
import java.util.function.Consumer;

/**
 * engine.io-parser's stream framing ({@code createPacketEncoderStream} / {@code createPacketDecoderStream}), used on a
 * WebTransport stream: each packet is a header then its payload. The header's first byte has the binary flag
 * ({@code 0x80}) and a 7-bit length; length 126 means a 16-bit big-endian length follows, 127 a 64-bit one. A text
 * packet's payload is its UTF-8 encoding (type digit first), a binary packet's its bytes (a message). A length of
 * zero or over the limit is an error (engine.io-parser's error packet).
 */
final class StreamFraming {
    private StreamFraming() {
    }

    /** The header's length for a payload of {@code n} bytes. */
    static int headerLength(int n) {
        return n < 126 ? 1 : n < 65536 ? 3 : 9;
    }

    /** Writes the header of a payload of {@code n} bytes. */
    static void writeHeader(ByteBuf out, int n, boolean binary) {
        int flag = binary ? 0x80 : 0;
        if (n < 126) {
            out.writeByte(flag | n);
        } else if (n < 65536) {
            out.writeByte(flag | 126);
            out.writeShort(n);
        } else {
            out.writeByte(flag | 127);
            out.writeLong(n);
        }
    }

    /** The frames, framed, in one new buffer. */
    static ByteBuf encode(List<OutFrame> frames, ByteBufAllocator alloc) {
        int total = 0;
        for (OutFrame f : frames) {
            int n = f.data().length;
            total += headerLength(n) + n;
        }
        ByteBuf out = alloc.directBuffer(total, total);
        for (OutFrame f : frames) {
            byte[] data = f.data();
            writeHeader(out, data.length, f.binary());
            out.writeBytes(data);
        }
        return out;
    }

    /** Receives one decoded packet: its binary flag and payload (valid during the call only). */
    interface PacketSink {
        void onPacket(boolean binary, ByteBuf payload);
    }

    /**
     * Decodes a stream's bytes into packets; keeps a partial packet between reads, up to the limit. Confined to one
     * thread; {@link #release()} frees what it holds.
     */
    static final class Decoder {
        private static final int HEADER = 0;
        private static final int LENGTH_16 = 1;
        private static final int LENGTH_64 = 2;
        private static final int PAYLOAD = 3;

        private final int maxPayload;
        private ByteBuf cumulation;
        private int state = HEADER;
        private long expected;
        private boolean binary;
        private boolean failed;

        Decoder(int maxPayload) {
            this.maxPayload = maxPayload;
        }

        /** Takes {@code in} (released here) and delivers every complete packet; a framing error stops decoding. */
        void decode(ByteBuf in, PacketSink sink, Consumer<String> error) {
            if (failed) {
                in.release();
                return;
            }
            ByteBuf buf;
            if (cumulation == null) {
                buf = in;
            } else {
                buf = Unpooled.wrappedBuffer(cumulation, in); // takes both
                cumulation = null;
            }
            try {
                while (!failed) {
                    if (state == HEADER) {
                        if (!buf.isReadable()) {
                            break;
                        }
                        int b = buf.readUnsignedByte();
                        binary = (b & 0x80) != 0;
                        int len = b & 0x7f;
                        if (len == 126) {
                            state = LENGTH_16;
                        } else if (len == 127) {
                            state = LENGTH_64;
                        } else {
                            expected = len;
                            state = PAYLOAD;
                            check(error);
                        }
                    } else if (state == LENGTH_16) {
                        if (buf.readableBytes() < 2) {
                            break;
                        }
                        expected = buf.readUnsignedShort();
                        state = PAYLOAD;
                        check(error);
                    } else if (state == LENGTH_64) {
                        if (buf.readableBytes() < 8) {
                            break;
                        }
                        expected = buf.readLong();
                        state = PAYLOAD;
                        check(error);
                    } else {
                        if (buf.readableBytes() < expected) {
                            break;
                        }
                        int n = (int) expected;
                        ByteBuf payload = buf.readSlice(n);
                        state = HEADER;
                        sink.onPacket(binary, payload);
                    }
                }
                if (!failed && buf.isReadable()) {
                    // keep the rest (at most one packet's header and payload: bounded by the limit)
                    cumulation = buf.alloc().heapBuffer(buf.readableBytes()).writeBytes(buf);
                }
            } finally {
                buf.release();
            }
        }

        private void check(Consumer<String> error) {
            if (expected <= 0 || expected > maxPayload) {
                failed = true;
                error.accept(expected <= 0 ? "packet of length " + expected
                        : "packet of " + expected + " bytes, over maxHttpBufferSize (" + maxPayload + ")");
            }
        }

        void release() {
            if (cumulation != null) {
                cumulation.release();
                cumulation = null;
            }
        }
    }
}
