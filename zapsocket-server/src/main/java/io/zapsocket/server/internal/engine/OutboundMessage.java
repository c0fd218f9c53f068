package io.zapsocket.server.internal.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, shareable outbound Engine.IO message: one text packet followed by zero or more binary
 * packets (Socket.IO attachments). Created once per broadcast and handed to every recipient session.
 *
 * <p>The transports may cache derived encodings (UTF-8 bytes, a pre-built WebSocket frame) in this object; the
 * caches are computed idempotently, so a benign race only costs duplicate work.
 */
public final class OutboundMessage {
    private final String text;
    private final List<byte[]> attachments;
    private final boolean compress;
    private volatile byte[] utf8WithType;

    private OutboundMessage(String text, List<byte[]> attachments, boolean compress) {
        this.text = Objects.requireNonNull(text, "text");
        this.attachments = List.copyOf(attachments);
        this.compress = compress;
    }

    /** A text message without attachments. */
    public static OutboundMessage text(String text) {
        return new OutboundMessage(text, List.of(), true);
    }

    /** A text message followed by binary attachments (each sent as its own binary packet, in order). */
    public static OutboundMessage of(String text, List<byte[]> attachments, boolean compress) {
        return new OutboundMessage(text, attachments, compress);
    }

    /** The text packet's payload (without the Engine.IO type {@code 4}). */
    public String text() {
        return text;
    }

    /** Binary packets sent right after the text packet; never {@code null}. Arrays must not be modified. */
    public List<byte[]> attachments() {
        return attachments;
    }

    /** The per-emit {@code compress} flag (for per-message deflate / HTTP compression). */
    public boolean compress() {
        return compress;
    }

    /** UTF-8 bytes of {@code "4" + text}, computed once and cached. The array must not be modified. */
    public byte[] utf8WithType() {
        byte[] b = utf8WithType;
        if (b == null) {
            b = ("4" + text).getBytes(StandardCharsets.UTF_8);
            utf8WithType = b;
        }
        return b;
    }
}
