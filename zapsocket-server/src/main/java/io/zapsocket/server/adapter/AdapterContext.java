package io.zapsocket.server.adapter;

import io.zapsocket.protocol.sio.SioPacket;

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
}
