package io.zapsocket.protocol.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Engine.IO packet. A packet carries either text ({@link #text()}, possibly empty, for every type) or, for
 * {@link EnginePacketType#MESSAGE} only, binary data ({@link #binary()}); never both.
 *
 * <p>Immutable by convention: the {@code binary} array is not copied, so neither the creator nor a reader may
 * modify it after construction.
 *
 * @param type   the packet type; never {@code null}
 * @param text   the text data after the type digit ({@code ""} when there is none); {@code null} iff binary
 * @param binary the raw bytes of a binary message, or {@code null} for a text packet
 * @since 0.1
 */
public record EnginePacket(EnginePacketType type, String text, byte[] binary) {

    /** {@code 2}: the server's heartbeat. */
    public static final EnginePacket PING = new EnginePacket(EnginePacketType.PING, "", null);
    /** {@code 3}: the client's heartbeat answer. */
    public static final EnginePacket PONG = new EnginePacket(EnginePacketType.PONG, "", null);
    /** {@code 1}: close. */
    public static final EnginePacket CLOSE = new EnginePacket(EnginePacketType.CLOSE, "", null);
    /** {@code 5}: upgrade. */
    public static final EnginePacket UPGRADE = new EnginePacket(EnginePacketType.UPGRADE, "", null);
    /** {@code 6}: noop. */
    public static final EnginePacket NOOP = new EnginePacket(EnginePacketType.NOOP, "", null);
    /** {@code 2probe}: the client's upgrade probe. */
    public static final EnginePacket PING_PROBE = new EnginePacket(EnginePacketType.PING, "probe", null);
    /** {@code 3probe}: the server's answer to the probe. */
    public static final EnginePacket PONG_PROBE = new EnginePacket(EnginePacketType.PONG, "probe", null);

    public EnginePacket {
        Objects.requireNonNull(type, "type");
        if (binary != null) {
            if (type != EnginePacketType.MESSAGE) {
                throw new IllegalArgumentException("only a message packet can be binary: " + type);
            }
            if (text != null) {
                throw new IllegalArgumentException("a packet is either text or binary");
            }
        } else if (text == null) {
            text = "";
        }
    }

    /** A packet of the given type with text data ({@code null} means none). */
    public static EnginePacket of(EnginePacketType type, String text) {
        return new EnginePacket(type, text == null ? "" : text, null);
    }

    /** A text message ({@code 4<text>}). */
    public static EnginePacket message(String text) {
        return new EnginePacket(EnginePacketType.MESSAGE, Objects.requireNonNull(text, "text"), null);
    }

    /** A binary message; the array is not copied. */
    public static EnginePacket binary(byte[] data) {
        return new EnginePacket(EnginePacketType.MESSAGE, null, Objects.requireNonNull(data, "data"));
    }

    /** Whether this is a binary message. */
    public boolean isBinary() {
        return binary != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnginePacket p && type == p.type && Objects.equals(text, p.text)
                && Arrays.equals(binary, p.binary);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Objects.hashCode(text)) + Arrays.hashCode(binary);
    }

    @Override
    public String toString() {
        return binary != null
                ? "EnginePacket[" + type + ", binary " + binary.length + " bytes]"
                : "EnginePacket[" + type + ", \"" + text + "\"]";
    }
}
