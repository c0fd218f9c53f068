package io.zapsocket.server;

/**
 * Why a socket was disconnected. The wire strings are exactly Socket.IO's.
 *
 * @since 0.1
 */
public enum DisconnectReason {
    /** The server called {@code socket.disconnect()}. */
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect", false),
    /** The client left the namespace ({@code socket.disconnect()} on the client). */
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect", false),
    /** The server is closing. */
    SERVER_SHUTTING_DOWN("server shutting down", true),
    /** The client did not answer a ping in time. */
    PING_TIMEOUT("ping timeout", true),
    /** The connection was closed (page closed, network down, ...). */
    TRANSPORT_CLOSE("transport close", true),
    /** The connection failed. */
    TRANSPORT_ERROR("transport error", true),
    /** The client sent a packet the server could not decode. */
    PARSE_ERROR("parse error", true),
    /** The connection was closed by the server ({@code socket.disconnect(true)}, invalid state...). */
    FORCED_CLOSE("forced close", true),
    /** The connection was closed because no namespace was joined in time, or a server-side close. */
    FORCED_SERVER_CLOSE("forced server close", true),
    /**
     * The client did not read fast enough: its outbound queue went over the server's {@code maxBufferedBytes} or
     * {@code maxBufferedPackets}. Zap-Socket's own reason (Socket.IO buffers without bound); the client sees a
     * transport close and may reconnect.
     */
    SLOW_CLIENT("slow client", true),
    /** The socket exceeded its rate limits too often ({@link RateLimitOptions#disconnectAfter()}). */
    RATE_LIMITED("rate limited", false);

    private final String wireName;
    private final boolean reconnectable;

    DisconnectReason(String wireName, boolean reconnectable) {
        this.wireName = wireName;
        this.reconnectable = reconnectable;
    }

    /** The reason as Socket.IO spells it, e.g. {@code "transport close"}. */
    public String wireName() {
        return wireName;
    }

    /** Whether a client is expected to reconnect after this reason (and recovery may apply). */
    public boolean reconnectable() {
        return reconnectable;
    }

    /** Maps an Engine.IO close reason (e.g. {@code "slow client"}) to a socket disconnect reason. */
    public static DisconnectReason fromWireName(String name) {
        for (DisconnectReason r : values()) {
            if (r.wireName.equals(name)) {
                return r;
            }
        }
        return TRANSPORT_CLOSE;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
