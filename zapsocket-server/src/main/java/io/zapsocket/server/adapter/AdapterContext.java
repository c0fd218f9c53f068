package io.zapsocket.server.adapter;

import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.RecoveryOptions;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a namespace offers its adapter.
 *
 * @since 0.1
 */
public interface AdapterContext {

    /** The namespace name. */
    String namespace();

    /** The local socket with this id, or {@code null}. */
    LocalSocket socket(String id);

    /** Encodes a packet once for delivery to many sockets. */
    PreparedPacket prepare(SioPacket packet, boolean compress);

    /** Allocates an ack id for a broadcast with acknowledgements (unique within the namespace). */
    long nextAckId();

    /** Schedules a task (used for broadcast-ack timeouts); returns a handle whose {@code run()} cancels it. */
    Runnable schedule(Runnable task, java.time.Duration delay);

    /** Room lifecycle listener of the namespace: {@code create-room}, {@code delete-room}, joins and leaves. */
    RoomListener roomListener();

    /**
     * The server's connection state recovery options, or {@code null} when recovery is off. A cluster adapter uses
     * it to decide whether broadcasts carry offsets and how long persisted sessions live.
     *
     * @since 0.2
     */
    default RecoveryOptions recovery() {
        return null;
    }

    /**
     * Delivers an event sent by another node with {@code serverSideEmit} ({@code [event, ...args]}) to the
     * namespace's {@code onServerSideEmit} handlers. {@code ack} is {@code null} when the sender expects no answer;
     * otherwise the first handler answer (its first argument) is passed to it once. Runs the handlers on the calling
     * thread.
     *
     * @since 0.2
     */
    default void onServerSideEmit(List<Object> packet, Consumer<Object> ack) {
    }

    /**
     * Called by the adapter once for every broadcast it delivers on this node (its own and other nodes'), after the
     * local sockets, with the packet already prepared: the namespace hands it to recipients that are not sockets
     * (Server-Sent Events subscribers). Must not block. The default does nothing.
     *
     * @since 0.1.0
     */
    default void onBroadcast(PreparedPacket packet, BroadcastOptions opts) {
    }
}
