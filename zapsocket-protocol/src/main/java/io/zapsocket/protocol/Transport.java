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
    WEBSOCKET("websocket"),
    /**
     * One bidirectional stream of an HTTP/3 WebTransport session ({@code webtransport}, engine.io 6.6): experimental,
     * served by the optional {@code zapsocket-webtransport} module; never named in an HTTP request.
     *
     * @since 0.1
     */
    WEBTRANSPORT("webtransport");

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
     * @return the transport, or {@code null} if unknown or {@code null}
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
