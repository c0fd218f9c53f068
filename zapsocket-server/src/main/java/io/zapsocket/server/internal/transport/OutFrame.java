package io.zapsocket.server.internal.transport;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One outbound Engine.IO packet as bytes: a text packet (UTF-8 including its type digit, e.g. {@code 4hello})
 * or a binary message (the raw bytes). Over WebSocket it is one frame; in a polling payload a binary one becomes
 * {@code b<base64>}. {@code compress} is the per-emit flag: {@code false} keeps the frame out of
 * permessage-deflate.
 *
 * <p>The array is shared, never copied, and must not be modified.
 */
public record OutFrame(boolean binary, byte[] data, boolean compress) {

    public OutFrame {
        Objects.requireNonNull(data, "data");
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

    @Override
    public String toString() {
        return binary ? "OutFrame[binary " + data.length + " bytes]"
                : "OutFrame[" + new String(data, StandardCharsets.UTF_8) + "]";
    }
}
