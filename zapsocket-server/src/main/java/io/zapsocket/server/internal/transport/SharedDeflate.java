package io.zapsocket.server.internal.transport;

import io.netty.util.concurrent.FastThreadLocal;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * permessage-deflate of one message on its own, without context takeover (RFC 7692 section 7.2.1): the payload is
 * deflated (raw deflate, 15-bit window), flushed with a sync flush, and the sync flush's empty block
 * {@code 00 00 ff ff} is removed from the end. The result is a complete WebSocket frame (FIN, RSV1, text or binary
 * opcode, unmasked length, compressed data) that any connection which negotiated {@code server_no_context_takeover}
 * with the default window can be written as it is: each message is a deflate stream of its own, so the frame does
 * not depend on what the connection sent before.
 *
 * <p>The deflaters are kept per thread (one per level a thread has used), reset before each message: an event loop
 * holds one zlib state instead of each connection holding one. A thread's deflaters are ended when the thread
 * ends (Netty's event loop threads remove their thread locals then); others are left to the JDK's cleaner.
 */
final class SharedDeflate {
    /** The tail every sync flush ends with, removed before sending (RFC 7692 section 7.2.1). */
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    /** Output buffers up to this size are kept for the next message of the thread; larger ones are dropped. */
    static final int KEEP_BUFFER_BYTES = 64 * 1024;

    private static final FastThreadLocal<State> STATE = new FastThreadLocal<>() {
        @Override
        protected State initialValue() {
            return new State();
        }

        @Override
        protected void onRemoval(State s) {
            s.end();
        }
    };

    private SharedDeflate() {
    }

    /** One thread's deflaters (by level) and output buffer. */
    private static final class State {
        final Deflater[] byLevel = new Deflater[10];
        byte[] out = new byte[4096];

        Deflater deflater(int level) {
            Deflater d = byLevel[level];
            if (d == null) {
                d = new Deflater(level, true);
                byLevel[level] = d;
            } else {
                d.reset();
            }
            return d;
        }

        void end() {
            for (Deflater d : byLevel) {
                if (d != null) {
                    d.end();
                }
            }
        }
    }

    /**
     * The complete compressed WebSocket frame of {@code data}, or {@code null} if the deflater's output did not end
     * with the sync flush tail (not expected from zlib; the caller then lets the connection's encoder compress).
     *
     * @param level deflate level, 1 to 9
     */
    static byte[] frame(boolean binary, byte[] data, int level) {
        State s = STATE.get();
        Deflater d = s.deflater(level);
        d.setInput(data);
        byte[] out = s.out;
        int n = 0;
        for (;;) {
            n += d.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            if (n < out.length) {
                break; // the output was not full: the sync flush is complete
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        d.reset(); // the next message starts from an empty window, and the input array is not held
        if (out.length <= KEEP_BUFFER_BYTES) {
            s.out = out;
        }
        if (n < TAIL.length || !Arrays.equals(out, n - TAIL.length, n, TAIL, 0, TAIL.length)) {
            return null;
        }
        int len = n - TAIL.length;
        int header = len < 126 ? 2 : len <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + len];
        frame[0] = (byte) (binary ? 0xC2 : 0xC1); // FIN, RSV1 (compressed), opcode
        if (len < 126) {
            frame[1] = (byte) len;
        } else if (len <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (len >>> 8);
            frame[3] = (byte) len;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
            }
        }
        System.arraycopy(out, 0, frame, header, len);
        return frame;
    }
}
