package io.zapsocket.client.internal;

import io.zapsocket.protocol.Transport;
import io.zapsocket.protocol.engine.EnginePacket;
import io.zapsocket.protocol.engine.EnginePacketType;

import java.util.List;

/**
 * One Engine.IO transport connection (polling lanes or a WebSocket). Driven by {@link EngineSocket} on the client's
 * event loop; reports to its {@link Listener} on the same loop. Not thread-safe.
 */
abstract class EngineTransport {

    /** Callbacks of a transport, all on the event loop. After {@link #onError} or {@link #onClose} no more calls. */
    interface Listener {
        /** The WebSocket handshake completed (polling never calls this: its open is the first response). */
        void onTransportOpen(EngineTransport transport);

        void onTransportPacket(EngineTransport transport, EnginePacket packet);

        /** Everything given to {@link #send} so far was written. */
        void onTransportDrain(EngineTransport transport);

        /** The transport failed and is unusable. */
        void onTransportError(EngineTransport transport, Throwable cause);

        /** The peer closed the transport (close packet, connection closed). */
        void onTransportClose(EngineTransport transport);
    }

    protected final Listener listener;
    protected String sid;
    protected boolean closed;

    EngineTransport(Listener listener, String sid) {
        this.listener = listener;
        this.sid = sid;
    }

    abstract Transport type();

    /** Starts connecting (polling: the handshake GET, or the first GET of an existing session). */
    abstract void open();

    /** Whether {@link #send} may be called now. */
    abstract boolean writable();

    /** Sends packets; {@link Listener#onTransportDrain} follows once they are written. */
    abstract void send(List<EnginePacket> packets);

    /**
     * Closes the transport; no listener call follows.
     *
     * @param graceful send Engine.IO {@code close} (polling) or a close frame (WebSocket) first
     */
    final void close(boolean graceful) {
        close(graceful, null);
    }

    /**
     * Closes the transport; no listener call follows.
     *
     * @param graceful send Engine.IO {@code close} (polling) or a close frame (WebSocket) first
     * @param onClosed runs (on the loop) once the graceful close was sent (or failed), or at once; may be null
     */
    abstract void close(boolean graceful, Runnable onClosed);

    /** The session id, known after the open packet. */
    void sid(String sid) {
        this.sid = sid;
    }

    /** Stops issuing requests (polling, for an upgrade); {@code onPaused} runs once none is in flight. */
    void pause(Runnable onPaused) {
        onPaused.run();
    }

    /** Undoes {@link #pause} (a failed upgrade). */
    void resume() {
    }

    /** Reports the error once, unless closed. */
    protected final void fail(Throwable cause) {
        if (!closed) {
            close(false);
            listener.onTransportError(this, cause);
        }
    }

    /** Hands a packet from the server to the listener, unless closed; a CLOSE packet is the peer's close. */
    protected final void received(EnginePacket packet) {
        if (closed) {
            return;
        }
        if (packet.type() == EnginePacketType.CLOSE) {
            peerClosed();
            return;
        }
        listener.onTransportPacket(this, packet);
    }

    /** Reports the peer's close once, unless closed. */
    protected final void peerClosed() {
        if (!closed) {
            close(false);
            listener.onTransportClose(this);
        }
    }
}
