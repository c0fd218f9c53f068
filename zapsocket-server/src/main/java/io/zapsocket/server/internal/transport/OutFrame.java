package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One outbound Engine.IO packet as bytes: a text packet (UTF-8 including its type digit, e.g. {@code 4hello})
 * or a binary message (the raw bytes). Over WebSocket it is one frame; in a polling payload a binary one becomes
 * {@code b<base64>}. {@code compress} is the per-emit flag: {@code false} keeps the frame out of
 * permessage-deflate.
 *
 * <p>Immutable and shared: a broadcast hands the same instance to every recipient. The array is shared, never
 * copied, and must not be modified. Once the frame has been written to more than one WebSocket, its complete
 * uncompressed WebSocket frame (header and data) is built once, in direct memory, and every further connection
 * writes a view of those bytes ({@link #sharedWsFrame()}) instead of framing and copying them again; a first
 * write gets the frame in a buffer of its own ({@link #newWsFrame}). The same holds for the frame compressed
 * without context takeover ({@link #deflatedWsFrame}): deflated once for every connection that negotiated
 * {@code server_no_context_takeover}, instead of once per connection by its own encoder.
 */
public final class OutFrame {
    /**
     * Writes to WebSockets before the frame is built in shared direct memory. A single write (an emit to one
     * socket) keeps the per-connection path: building the shared frame costs more than one copy.
     */
    static final int SHARE_FROM_WRITE = 2;

    private final boolean binary;
    private final byte[] data;
    private final boolean compress;
    /** WebSocket writes so far; racy (the frame is shared across loops) but only a hint for when to share. */
    private int wsWrites;
    /**
     * The uncompressed WebSocket frame once built: a read-only buffer over GC-owned direct memory (a JDK direct
     * buffer, freed when no view of it is reachable). Never released: it owns no pooled memory, and every write
     * takes a retained duplicate of it, which the channel releases once written, so its count goes back to 1.
     * Built at most a few times under a race, each copy correct.
     */
    private volatile ByteBuf wsFrame;
    /**
     * The compressed WebSocket frame without context takeover ({@link SharedDeflate}) once a connection that
     * negotiated {@code server_no_context_takeover} needed it; {@code null} before. Like {@link #wsFrame}, it owns
     * no pooled memory: nothing to release. Computed at most a few times under a race (each loop that reaches it
     * first), each copy correct.
     */
    private volatile Deflated deflated;
    /** Deflate runs for {@link #deflatedWsFrame} (for tests); racy, like {@link #wsWrites}. */
    private int deflates;

    public OutFrame(boolean binary, byte[] data, boolean compress) {
        this.binary = binary;
        this.data = Objects.requireNonNull(data, "data");
        this.compress = compress;
    }

    /** A compressible text packet from its UTF-8 bytes (type digit included). */
    public static OutFrame text(byte[] utf8WithType) {
        return new OutFrame(false, utf8WithType, true);
    }

    /** A compressible text packet from its string form (type digit included). */
    public static OutFrame text(String packet) {
        return new OutFrame(false, packet.getBytes(StandardCharsets.UTF_8), true);
    }

    /** A compressible binary message. */
    public static OutFrame binary(byte[] data) {
        return new OutFrame(true, data, true);
    }

    public boolean binary() {
        return binary;
    }

    /** The packet's bytes; must not be modified. */
    public byte[] data() {
        return data;
    }

    public boolean compress() {
        return compress;
    }

    /**
     * A new buffer over this frame's complete, uncompressed WebSocket frame (FIN, text or binary opcode, unmasked
     * length, data), or {@code null} while sharing does not pay off yet (the first write). The caller owns the
     * returned view and releases it once (the channel does once it is written); its memory is never reused while
     * any view of it is reachable.
     */
    ByteBuf sharedWsFrame() {
        ByteBuf f = wsFrame;
        if (f == null) {
            if (++wsWrites < SHARE_FROM_WRITE) {
                return null;
            }
            ByteBuffer memory = ByteBuffer.allocateDirect(wsFrameLength());
            ByteBuf w = Unpooled.wrappedBuffer(memory).clear(); // not a copy: writes go to memory
            writeWsFrame(w);
            w.release(); // a wrapper only: the memory belongs to the JDK buffer
            f = Unpooled.wrappedBuffer(memory.asReadOnlyBuffer());
            wsFrame = f;
        }
        return f.retainedDuplicate(); // one small object per write; indexes of its own, the shared count
    }

    /**
     * A buffer over this frame's complete WebSocket frame compressed with permessage-deflate without context
     * takeover (RSV1 set, sync flush tail removed), for a connection that negotiated {@code server_no_context_takeover}
     * with a 15-bit window and compresses at {@code level}; {@code null} if it cannot be built (the connection's own
     * encoder then compresses). Deflated once, on the first write that needs it (a heap buffer of its own); from
     * the second write on, a view of one copy in direct memory. The caller owns the returned buffer and releases it
     * once (the channel does once it is written).
     */
    ByteBuf deflatedWsFrame(int level) {
        Deflated d = deflated;
        if (d != null && d.level == level) {
            return d.view();
        }
        byte[] frame = deflatedFrame(level);
        return frame == null ? null : Unpooled.wrappedBuffer(frame);
    }

    /**
     * The complete compressed WebSocket frame of {@link #deflatedWsFrame} as an array that must not be modified
     * (deflated and cached on first use), or {@code null} if it cannot be built.
     */
    byte[] deflatedFrame(int level) {
        Deflated d = deflated;
        if (d != null && d.level == level) {
            return d.frame;
        }
        deflates++;
        byte[] frame = SharedDeflate.frame(binary, data, level);
        if (frame != null && d == null) {
            deflated = new Deflated(level, frame);
        } // else another server's level (one message sent by two servers): not cached
        return frame;
    }

    /** How many times this frame was deflated for {@link #deflatedWsFrame}. */
    int deflates() {
        return deflates;
    }

    /** A compressed frame, and once it has more than one recipient its copy in direct memory. */
    private static final class Deflated {
        final int level;
        final byte[] frame;
        private volatile ByteBuf direct;

        Deflated(int level, byte[] frame) {
            this.level = level;
            this.frame = frame;
        }

        ByteBuf view() {
            ByteBuf f = direct;
            if (f == null) {
                f = readOnlyDirectCopy(frame);
                direct = f;
            }
            return f.retainedDuplicate();
        }
    }

    /** {@code bytes} in a read-only buffer over GC-owned direct memory (see {@link #wsFrame}). */
    private static ByteBuf readOnlyDirectCopy(byte[] bytes) {
        ByteBuffer memory = ByteBuffer.allocateDirect(bytes.length);
        memory.put(bytes).flip();
        return Unpooled.wrappedBuffer(memory.asReadOnlyBuffer());
    }

    /**
     * This frame's complete, uncompressed WebSocket frame in a new buffer of {@code alloc}, for a single write; the
     * caller owns it.
     */
    ByteBuf newWsFrame(ByteBufAllocator alloc) {
        ByteBuf b = alloc.directBuffer(wsFrameLength());
        writeWsFrame(b);
        return b;
    }

    int wsFrameLength() {
        int n = data.length;
        return (n < 126 ? 2 : n <= 0xFFFF ? 4 : 10) + n;
    }

    /** RFC 6455 section 5.2, as a server sends it: FIN, no RSV bit (not compressed), no mask. */
    void writeWsFrame(ByteBuf b) {
        int n = data.length;
        b.writeByte(binary ? 0x82 : 0x81);
        if (n < 126) {
            b.writeByte(n);
        } else if (n <= 0xFFFF) {
            b.writeByte(126).writeShort(n);
        } else {
            b.writeByte(127).writeLong(n);
        }
        b.writeBytes(data);
    }

    @Override
    public String toString() {
        return binary ? "OutFrame[binary " + data.length + " bytes]"
                : "OutFrame[" + new String(data, StandardCharsets.UTF_8) + "]";
    }
}
