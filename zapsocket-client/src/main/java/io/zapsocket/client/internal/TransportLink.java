package io.zapsocket.client.internal;

import io.zapsocket.protocol.engine.EnginePacket;

import java.util.List;

/**
 * One connection of a {@link TransportProvider}'s transport, driven on its {@link TransportTarget#loop()}. Carries
 * Engine.IO packets; a transport that has its own open exchange (WebTransport's open packet) does it before
 * {@link Events#onOpen}. Not thread-safe.
 */
public interface TransportLink {

    /** What the link reports, on the loop. After {@link #onError} or {@link #onClose} nothing more. */
    interface Events {
        /** The connection is up: {@link #send} may be called. */
        void onOpen();

        void onPacket(EnginePacket packet);

        /** Everything given to {@link #send} so far was written. */
        void onDrain();

        void onError(Throwable cause);

        /** The peer closed the connection. */
        void onClose();
    }

    /** Whether {@link #send} may be called now. */
    boolean writable();

    /** Writes the packets; {@link Events#onDrain} follows once they are written. */
    void send(List<EnginePacket> packets);

    /**
     * Closes the connection; no event follows.
     *
     * @param graceful end the streams cleanly (after what is queued) rather than reset them
     * @param onClosed runs on the loop once the close was sent (or failed), or at once; may be null
     */
    void close(boolean graceful, Runnable onClosed);
}
