package io.zapsocket.protocol;

/**
 * The Engine.IO transports, with their wire names (the {@code transport} query parameter and the handshake's
 * {@code upgrades}).
 *
 * @since 0.1
 */
public enum Transport {
    /** HTTP long-polling: one pending GET receives, one POST at a time sends ({@code transport=polling}). */
    POLLING("polling"),
    /** One WebSocket connection ({@code transport=websocket}). */
    WEBSOCKET("websocket");

    private final String wireName;

    Transport(String wireName) {
        this.wireName = wireName;
    }

    /**
     * @return the name used in the {@code transport} query parameter and in the handshake's {@code upgrades}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * @param name a wire name, may be {@code null}
     * @return the transport, or {@code null} if unknown (e.g. {@code webtransport}) or {@code null}
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
