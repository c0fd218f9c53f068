package io.zapsocket.protocol.sio;

/**
 * Socket.IO v5 packet types, with their wire digit.
 *
 * @since 0.1
 */
public enum SioPacketType {
    /** {@code 0}: connect to a namespace (client: optional auth object; server: {@code {"sid":...}}). */
    CONNECT(0),
    /** {@code 1}: leave a namespace; no payload. */
    DISCONNECT(1),
    /** {@code 2}: an event; payload {@code [name, ...args]}. */
    EVENT(2),
    /** {@code 3}: an acknowledgement; payload {@code [...args]}. */
    ACK(3),
    /** {@code 4}: namespace connection refused; payload an object ({@code {"message":...}}) or a string. */
    CONNECT_ERROR(4),
    /** {@code 5}: an EVENT whose arguments contain binary attachments. */
    BINARY_EVENT(5),
    /** {@code 6}: an ACK whose arguments contain binary attachments. */
    BINARY_ACK(6);

    private static final SioPacketType[] BY_CODE = values();

    private final int code;

    SioPacketType(int code) {
        this.code = code;
    }

    /** @return the wire digit, 0-6 */
    public int code() {
        return code;
    }

    /**
     * @param code a wire digit
     * @return the type, or {@code null} if {@code code} is not 0-6
     */
    public static SioPacketType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
