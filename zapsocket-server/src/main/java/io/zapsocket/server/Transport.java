package io.zapsocket.server;

/**
 * The Engine.IO transports a client can use.
 *
 * @since 0.1
 */
public enum Transport {
    /** HTTP long-polling ({@code transport=polling}). */
    POLLING("polling"),
    /** WebSocket ({@code transport=websocket}). */
    WEBSOCKET("websocket");

    private final String wireName;

    Transport(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the {@code transport} query parameter and the {@code upgrades} list. */
    public String wireName() {
        return wireName;
    }

    /** Returns the transport for a wire name, or {@code null} if unknown. */
    public static Transport fromWireName(String name) {
        if (name == null) {
            return null;
        }
        switch (name) {
            case "polling":
                return POLLING;
            case "websocket":
                return WEBSOCKET;
            default:
                return null;
        }
    }
}
