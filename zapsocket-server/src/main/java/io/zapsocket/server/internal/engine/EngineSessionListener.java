package io.zapsocket.server.internal.engine;

import io.zapsocket.protocol.Transport;

/**
 * Receives one session's inbound Engine.IO {@code message} packets and its lifecycle. Every method is called on
 * the session's event loop, in wire order. For a polling POST carrying several packets, all of them are delivered
 * (and whatever the listener sends in reply is queued) before the POST is answered {@code ok}.
 *
 * <p>Implementations must not throw; an exception is logged and the session closed with {@code parse error}
 * only if it is a {@link io.zapsocket.protocol.ProtocolException}, otherwise it is logged and ignored.
 */
public interface EngineSessionListener {

    /** Ignores everything: the listener of a session its handler refused (it is closed at once). */
    EngineSessionListener NOOP = new EngineSessionListener() {
        @Override
        public void onMessage(String text) {
        }

        @Override
        public void onBinary(byte[] data) {
        }

        @Override
        public void onClose(String reason, String description) {
        }
    };

    /** A text {@code message} packet (the payload after the leading {@code 4}). */
    void onMessage(String text);

    /** A binary {@code message} packet (raw bytes; the caller owns the array). */
    void onBinary(byte[] data);

    /** The session switched transport (polling → websocket upgrade completed). */
    default void onUpgrade(Transport transport) {
    }

    /**
     * The session is closed; called exactly once, after which no other method is called.
     *
     * @param reason      {@code transport close}, {@code transport error}, {@code ping timeout},
     *                    {@code parse error} or {@code forced close}
     * @param description detail for logs, may be {@code null}
     */
    void onClose(String reason, String description);
}
