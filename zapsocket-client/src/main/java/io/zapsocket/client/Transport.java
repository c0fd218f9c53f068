package io.zapsocket.client;

/**
 * The Engine.IO transports the client can use, with their wire names.
 *
 * @since 0.1
 */
public enum Transport {
    /** HTTP long-polling: one pending GET receives, one POST at a time sends. */
    POLLING("polling"),
    /** One WebSocket connection. */
    WEBSOCKET("websocket");

    private final String wireName;

    Transport(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the {@code transport} query parameter and in the handshake's {@code upgrades}. */
    public String wireName() {
        return wireName;
    }

    /**
     * @param name a wire name
     * @return the transport, or {@code null} if unknown (e.g. {@code webtransport})
     */
    public static Transport fromWireName(String name) {
        for (Transport t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
