package io.zapsocket.server.internal.engine;

import io.zapsocket.server.Priority;
import io.zapsocket.server.internal.transport.OutFrame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, shareable outbound Engine.IO message: one text packet followed by zero or more binary
 * packets (Socket.IO attachments), plus its delivery flags (compress, volatile, priority). Created once per
 * broadcast and handed to every recipient session.
 *
 * <p>The encoded content lives in a shared payload: {@link #withFlags} makes a view with other flags over the same
 * bytes. Derived encodings are cached: the UTF-8 bytes in the payload, the queue entry (and through its
 * {@link OutFrame}s the WebSocket frames) in each view. The caches are computed idempotently, so a benign race only
 * costs duplicate work.
 */
public final class OutboundMessage {
    private final Payload payload;
    private final boolean compress;
    private final boolean isVolatile;
    private final Priority priority;
    /** The queue entry of these bytes with these flags: built once, shared by every recipient session. */
    private volatile OutboundQueue.Entry entry;

    private OutboundMessage(Payload payload, boolean compress, boolean isVolatile, Priority priority) {
        this.payload = payload;
        this.compress = compress;
        this.isVolatile = isVolatile;
        this.priority = Objects.requireNonNull(priority, "priority");
    }

    /** A text message without attachments (compressible, not volatile, normal priority). */
    public static OutboundMessage text(String text) {
        return new OutboundMessage(new Payload(text, List.of()), true, false, Priority.NORMAL);
    }

    /** A text message followed by binary attachments (each sent as its own binary packet, in order). */
    public static OutboundMessage of(String text, List<byte[]> attachments, boolean compress) {
        return new OutboundMessage(new Payload(text, attachments), compress, false, Priority.NORMAL);
    }

    /**
     * A single binary message (a {@code socket.io-msgpack-parser} packet), without text packet. The array is taken,
     * not copied, and must not be modified.
     */
    public static OutboundMessage binary(byte[] data, boolean compress) {
        return new OutboundMessage(new Payload(null, List.of(data), true), compress, false, Priority.NORMAL);
    }

    /**
     * A text message without attachments from its encoded bytes: the UTF-8 of {@code "4" + text} (compressible, not
     * volatile, normal priority). The array is taken, not copied, and must not be modified.
     */
    public static OutboundMessage ofUtf8WithType(byte[] utf8WithType) {
        return new OutboundMessage(new Payload(requireMessagePacket(utf8WithType)), true, false, Priority.NORMAL);
    }

    /** {@code utf8WithType} if it is an Engine.IO message packet (starts with {@code 4}). */
    static byte[] requireMessagePacket(byte[] utf8WithType) {
        if (utf8WithType.length == 0 || utf8WithType[0] != '4') {
            throw new IllegalArgumentException("not an Engine.IO message packet");
        }
        return utf8WithType;
    }

    /** The same content with other delivery flags (no copy). */
    public OutboundMessage withFlags(boolean compress, boolean isVolatile, Priority priority) {
        if (hasFlags(compress, isVolatile, priority)) {
            return this;
        }
        return new OutboundMessage(payload, compress, isVolatile, priority);
    }

    /** Whether this message has exactly these flags. */
    public boolean hasFlags(boolean compress, boolean isVolatile, Priority priority) {
        return this.compress == compress && this.isVolatile == isVolatile && this.priority == priority;
    }

    /** The text packet's payload (without the Engine.IO type {@code 4}); {@code null} for a {@link #binary} one. */
    public String text() {
        if (payload.binaryOnly) {
            return null;
        }
        String t = payload.text;
        return t != null ? t : new String(payload.utf8WithType, 1, payload.utf8WithType.length - 1,
                StandardCharsets.UTF_8);
    }

    /** Binary packets sent right after the text packet; never {@code null}. Arrays must not be modified. */
    public List<byte[]> attachments() {
        return payload.attachments;
    }

    /**
     * The per-emit {@code compress} flag: {@code false} keeps the message out of permessage-deflate (and, when no
     * other packet of the same polling response asks for it, out of HTTP compression).
     */
    public boolean compress() {
        return compress;
    }

    /** Dropped by the session instead of queued when its transport is not writable. */
    public boolean isVolatile() {
        return isVolatile;
    }

    /** Queue priority on the recipient's connection. */
    public Priority priority() {
        return priority;
    }

    /**
     * UTF-8 bytes of {@code "4" + text}, computed once and cached. The array must not be modified.
     *
     * @throws IllegalStateException for a {@link #binary} message
     */
    public byte[] utf8WithType() {
        if (payload.binaryOnly) {
            throw new IllegalStateException("a binary-only message has no text packet");
        }
        return payload.utf8WithType();
    }

    /**
     * This message as a queue entry: the text packet and its attachments as {@link OutFrame}s, with their size.
     * Built on first use and shared by every session the message goes to, so that the frames' caches (the
     * WebSocket frame built once) are shared too.
     */
    OutboundQueue.Entry entry() {
        OutboundQueue.Entry e = entry;
        if (e == null) {
            List<byte[]> attachments = payload.attachments;
            int first = payload.binaryOnly ? 0 : 1;
            OutFrame[] frames = new OutFrame[first + attachments.size()];
            if (first == 1) {
                frames[0] = new OutFrame(false, utf8WithType(), compress);
            }
            for (int i = 0; i < attachments.size(); i++) {
                frames[i + first] = new OutFrame(true, attachments.get(i), compress);
            }
            e = OutboundQueue.Entry.of(priority, frames);
            entry = e;
        }
        return e;
    }

    private static final class Payload {
        /** {@code null} when created from the bytes (decoded again only if asked for). */
        final String text;
        final List<byte[]> attachments;
        /** No text packet: the attachments are the whole message (msgpack parser). */
        final boolean binaryOnly;
        private volatile byte[] utf8WithType;

        Payload(String text, List<byte[]> attachments) {
            this.text = Objects.requireNonNull(text, "text");
            this.attachments = List.copyOf(attachments);
            this.binaryOnly = false;
        }

        Payload(String text, List<byte[]> binaries, boolean binaryOnly) {
            this.text = text;
            this.attachments = List.copyOf(binaries);
            this.binaryOnly = binaryOnly;
        }

        Payload(byte[] utf8WithType) {
            this.text = null;
            this.attachments = List.of();
            this.utf8WithType = utf8WithType;
            this.binaryOnly = false;
        }

        byte[] utf8WithType() {
            byte[] b = utf8WithType;
            if (b == null) {
                b = encodeWithType(text);
                utf8WithType = b;
            }
            return b;
        }
    }

    /**
     * {@code ("4" + text).getBytes(UTF_8)} in one array, without the concatenated string: ASCII text (the usual
     * case) is copied as is, anything else encoded by the JDK after the digit. The result is one byte longer than
     * {@code text} exactly when the text is all ASCII.
     */
    public static byte[] encodeWithType(CharSequence text) {
        int n = text.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (!ascii) {
            byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
            byte[] b = new byte[1 + utf8.length];
            b[0] = '4';
            System.arraycopy(utf8, 0, b, 1, utf8.length);
            return b;
        }
        byte[] b = new byte[1 + n];
        b[0] = '4';
        for (int i = 0; i < n; i++) {
            b[i + 1] = (byte) text.charAt(i);
        }
        return b;
    }
}
