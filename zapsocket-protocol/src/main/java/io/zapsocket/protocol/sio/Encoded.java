package io.zapsocket.protocol.sio;

import java.util.List;
import java.util.Objects;

/**
 * An encoded Socket.IO packet: the text frame (without the Engine.IO {@code 4} message prefix) followed, for
 * BINARY_EVENT / BINARY_ACK, by its attachments, each to be sent as one binary Engine.IO message, in order.
 *
 * <p>Immutable list, shareable between connections (a broadcast is encoded once). The {@code byte[]} elements are
 * the caller's arrays (or copies of {@code ByteBuffer}s), not defensive copies: don't modify them.
 *
 * @param text the text part, e.g. {@code 451-["ev",{"_placeholder":true,"num":0}]}, never {@code null}
 * @param attachments the binary attachments, empty (never {@code null}) for non-binary packets
 *
 * @since 0.1
 */
public record Encoded(String text, List<byte[]> attachments) {

    /**
     * Creates an encoded packet, taking an immutable copy of the attachment list (not of the arrays).
     *
     * @param text the text part
     * @param attachments the binary attachments, in order
     * @throws NullPointerException if {@code text} or {@code attachments} (or an element) is {@code null}
     */
    public Encoded {
        Objects.requireNonNull(text, "text");
        attachments = List.copyOf(attachments);
    }

    /** @return whether there are attachments to send after the text */
    public boolean isBinary() {
        return !attachments.isEmpty();
    }
}
