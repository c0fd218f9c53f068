package io.zapsocket.protocol.engine;

/**
 * The seven Engine.IO v4 packet types, each encoded as one ASCII digit at the start of a text packet.
 *
 * @since 0.1
 */
public enum EnginePacketType {
    /** {@code 0}: server → client, carries the handshake JSON. */
    OPEN('0'),
    /** {@code 1}: either side closes the session. */
    CLOSE('1'),
    /** {@code 2}: server → client heartbeat (v4); {@code 2probe} is the client's upgrade probe. */
    PING('2'),
    /** {@code 3}: client → server heartbeat answer; {@code 3probe} answers the probe. */
    PONG('3'),
    /** {@code 4}: an application message (text, or raw bytes in binary frames / {@code b}+base64 in payloads). */
    MESSAGE('4'),
    /** {@code 5}: client → server, completes a polling → WebSocket upgrade. */
    UPGRADE('5'),
    /** {@code 6}: no operation; ends a pending long-polling request during an upgrade. */
    NOOP('6');

    private static final EnginePacketType[] BY_CODE = values();

    private final char code;

    EnginePacketType(char code) {
        this.code = code;
    }

    /** The wire digit, {@code '0'}..{@code '6'}. */
    public char code() {
        return code;
    }

    /** The type for a wire digit, or {@code null} if {@code c} is not a packet type. */
    public static EnginePacketType fromCode(char c) {
        int i = c - '0';
        return i >= 0 && i < BY_CODE.length ? BY_CODE[i] : null;
    }
}
