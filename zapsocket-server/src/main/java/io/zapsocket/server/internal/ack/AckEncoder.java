package io.zapsocket.server.internal.ack;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.internal.engine.OutboundMessage;

/**
 * Encodes the ACK a handler sends back straight into the bytes of its Engine.IO message ({@code 43<id>[...]}, or
 * {@code 43/nsp,<id>[...]}), exactly as {@code SioEncoder} followed by the Engine.IO {@code 4} would, but without
 * the packet, the encoded string and the copies in between: an acked event costs one array for its answer.
 *
 * <p>The text is written into a builder reused by the thread when it is an event loop's (every loop has its own;
 * other threads, such as a handler executor's, get a new one each time). Reentrant: a value whose serialization
 * sends an ack itself (Jackson calling user getters) finds the thread's builder in use and takes a new one. A
 * builder grown past {@value #RETAINED_CAPACITY} chars, or used for anything but ASCII text (non-Latin-1 text makes
 * a builder keep two bytes per char for good), or by a failed or binary ack, is replaced after use: a loop never
 * retains more than a small builder.
 */
public final class AckEncoder implements Json.BinaryHandler {
    /** Largest builder a loop keeps between acks, in chars. */
    static final int RETAINED_CAPACITY = 4096;
    private static final int INITIAL_CAPACITY = 128;

    private static final FastThreadLocal<AckEncoder> LOOP_ENCODER = new FastThreadLocal<>() {
        @Override
        protected AckEncoder initialValue() {
            return new AckEncoder();
        }
    };

    private StringBuilder text = new StringBuilder(INITIAL_CAPACITY);
    private boolean inUse;
    private boolean binary;
    /** Set when the text written was all ASCII: the builder can be kept as it is (one byte per char). */
    private boolean reusable;

    /**
     * @param nsp the namespace, valid (starts with {@code /}, no comma)
     * @param id the ack id, {@code >= 0}
     * @param args the arguments, not {@code null}
     * @return the UTF-8 bytes of {@code "4" + encode(ACK)}, or {@code null} if the arguments hold binary values: the
     *     caller then sends a BINARY_ACK through {@code SioEncoder}
     * @throws IllegalArgumentException for arguments JSON cannot represent, as {@code SioEncoder} does
     */
    public static byte[] encode(String nsp, long id, Object[] args) {
        AckEncoder e = Thread.currentThread() instanceof FastThreadLocalThread ? LOOP_ENCODER.get() : null;
        if (e == null || e.inUse) {
            e = new AckEncoder();
        }
        e.inUse = true;
        try {
            return e.write(nsp, id, args);
        } finally {
            e.reset();
        }
    }

    /** Whether this thread's builder is in use (for tests). */
    static boolean loopEncoderInUse() {
        return LOOP_ENCODER.isSet() && LOOP_ENCODER.get().inUse;
    }

    /** The capacity of this thread's builder, 0 if none (for tests). */
    static int loopEncoderCapacity() {
        return LOOP_ENCODER.isSet() ? LOOP_ENCODER.get().text.capacity() : 0;
    }

    private byte[] write(String nsp, long id, Object[] args) {
        StringBuilder sb = text;
        sb.append('3'); // the Engine.IO "4" is added with the bytes
        if (!SioPacket.MAIN_NAMESPACE.equals(nsp)) {
            sb.append(nsp).append(',');
        }
        sb.append(id);
        Json.write(args, sb, this);
        if (binary) {
            return null;
        }
        byte[] out = OutboundMessage.encodeWithType(sb);
        reusable = out.length == sb.length() + 1; // all ASCII
        return out;
    }

    /** A binary value: this ack goes the BINARY_ACK way; what is written here is thrown away. */
    @Override
    public void write(byte[] data, StringBuilder out) {
        binary = true;
        out.append("null");
    }

    /** Ready for the next ack; after anything but ASCII text (or a failure) with a new builder. */
    private void reset() {
        inUse = false;
        binary = false;
        if (reusable && text.capacity() <= RETAINED_CAPACITY) {
            text.setLength(0);
        } else {
            text = new StringBuilder(INITIAL_CAPACITY);
        }
        reusable = false;
    }
}
