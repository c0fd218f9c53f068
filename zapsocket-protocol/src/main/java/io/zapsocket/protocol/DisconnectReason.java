package io.zapsocket.protocol;

/**
 * Why a socket was disconnected, with Socket.IO's wire strings. One enum for both sides: each constant says whether
 * the server ({@code socket.onDisconnect} on the server), the client ({@code ClientSocket.onDisconnect}) or both
 * report it, as in Socket.IO, where the server and the client name some causes differently (the server's
 * {@code "server namespace disconnect"} is the client's {@code "io server disconnect"}).
 *
 * @since 0.1
 */
public enum DisconnectReason {
    /** Server: the server called {@code socket.disconnect()}. The client sees {@link #IO_SERVER_DISCONNECT}. */
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect", false),
    /** Server: the client left the namespace ({@code socket.disconnect()} on the client). */
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect", false),
    /** Server: the server is closing. */
    SERVER_SHUTTING_DOWN("server shutting down", true),
    /**
     * Client: the server disconnected the socket ({@code socket.disconnect()} on the server); the client does not
     * reconnect.
     */
    IO_SERVER_DISCONNECT("io server disconnect", false),
    /**
     * Client: the application called {@code ClientSocket.disconnect()} or {@code SocketClient.close()}; the client
     * does not reconnect.
     */
    IO_CLIENT_DISCONNECT("io client disconnect", false),
    /** Both: the peer did not answer a heartbeat in time. */
    PING_TIMEOUT("ping timeout", true),
    /** Both: the connection was closed (page closed, server stopped, network down, close packet). */
    TRANSPORT_CLOSE("transport close", true),
    /** Both: the connection failed (I/O error, HTTP error status). */
    TRANSPORT_ERROR("transport error", true),
    /** Both: the peer sent a packet that could not be decoded. */
    PARSE_ERROR("parse error", true),
    /** Server: the connection was closed by the server ({@code socket.disconnect(true)}, invalid state...). */
    FORCED_CLOSE("forced close", true),
    /** Server: the connection was closed because no namespace was joined in time, or a server-side close. */
    FORCED_SERVER_CLOSE("forced server close", true),
    /**
     * Server: the client did not read fast enough: its outbound queue went over the server's
     * {@code maxBufferedBytes} or {@code maxBufferedPackets}. Zap-Socket's own reason (Socket.IO buffers without
     * bound); the client sees {@link #TRANSPORT_CLOSE} and may reconnect.
     */
    SLOW_CLIENT("slow client", true),
    /** Server: the socket exceeded its rate limits too often (the server's {@code RateLimitOptions.disconnectAfter}). */
    RATE_LIMITED("rate limited", false);

    private final String wireName;
    private final boolean reconnectable;

    DisconnectReason(String wireName, boolean reconnectable) {
        this.wireName = wireName;
        this.reconnectable = reconnectable;
    }

    /**
     * @return the reason as Socket.IO spells it, e.g. {@code "transport close"}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * @return whether a reconnect is expected after this reason: the client reconnects automatically (when its
     *         {@code reconnection} option is on), and on the server connection state recovery may apply
     */
    public boolean reconnectable() {
        return reconnectable;
    }

    /**
     * Maps a wire string (e.g. an Engine.IO close reason such as {@code "slow client"}) to a reason.
     *
     * @param name the wire string, may be {@code null}
     * @return the reason, {@link #TRANSPORT_CLOSE} if unknown
     */
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
