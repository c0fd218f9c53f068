package io.zapsocket.server.adapter;

import io.zapsocket.protocol.Args;
import io.zapsocket.server.RemoteSocket;
import java.util.function.Consumer;

/**
 * A socket connected to this node, as the adapter sees it. Thread-safe.
 *
 * @since 0.1
 */
public interface LocalSocket {

    String id();

    /**
     * Writes a prepared packet to this socket's connection (dropped if it is volatile and the transport is not
     * writable, or if the socket is gone).
     */
    void deliver(PreparedPacket packet, BroadcastOptions.Flags flags);

    /**
     * Writes a prepared packet that carries an ack id, and registers {@code onAck} for that id on this socket;
     * {@code onAck} runs at most once.
     */
    void deliverWithAck(PreparedPacket packet, BroadcastOptions.Flags flags, Consumer<Args> onAck);

    /** Joins rooms (through the adapter, so room events fire). */
    void join(Iterable<String> rooms);

    void leave(String room);

    /** Disconnects this socket; with {@code close}, its whole connection. */
    void disconnect(boolean close);

    /** A snapshot for {@code fetchSockets}. */
    RemoteSocket snapshot();
}
