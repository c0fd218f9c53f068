package io.zapsocket.client;

/**
 * Why a {@link ClientSocket} was disconnected, with the JavaScript client's wire strings. Only
 * {@link #IO_SERVER_DISCONNECT} and {@link #IO_CLIENT_DISCONNECT} stop the automatic reconnection.
 *
 * @since 0.1
 */
public enum DisconnectReason {
    /** The server disconnected the socket ({@code socket.disconnect()} on the server): no reconnection. */
    IO_SERVER_DISCONNECT("io server disconnect", false),
    /** The application called {@link ClientSocket#disconnect()} or {@link SocketClient#close()}: no reconnection. */
    IO_CLIENT_DISCONNECT("io client disconnect", false),
    /** No ping from the server within {@code pingInterval + pingTimeout}. */
    PING_TIMEOUT("ping timeout", true),
    /** The connection was closed (server stopped, network down, close packet). */
    TRANSPORT_CLOSE("transport close", true),
    /** The connection failed (I/O error, HTTP error status). */
    TRANSPORT_ERROR("transport error", true),
    /** The server sent a packet the client could not decode. */
    PARSE_ERROR("parse error", true);

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

    /** Whether the client reconnects automatically after this reason (when {@code reconnection} is on). */
    public boolean reconnectable() {
        return reconnectable;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
