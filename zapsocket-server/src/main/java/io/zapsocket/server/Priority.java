package io.zapsocket.server;

/**
 * Delivery priority of an emit on its connection ({@link Emitter#priority}, {@link BroadcastOperator#priority}).
 *
 * <p>Packets wait in a per-connection queue while the client cannot take them (a polling client between two
 * requests, a WebSocket whose socket buffer is full). Queued {@code HIGH} packets leave before {@code NORMAL} ones,
 * and {@code NORMAL} before {@code LOW}; packets of equal priority keep their order, and a packet's binary
 * attachments always follow it directly. Once handed to the socket, packets are no longer reordered.
 *
 * <p>{@code LOW} packets are also the first to go under pressure: past the server's
 * {@code lowPriorityBufferedBytes} the oldest queued {@code LOW} packets are dropped (counted in
 * {@link ServerStats#lowPriorityDrops()}).
 *
 * @since 0.1
 */
public enum Priority {
    /** Leaves before everything else queued (e.g. call signalling). */
    HIGH,
    /** The default. */
    NORMAL,
    /** May be dropped, oldest first, when the connection's queue is over the soft limit (e.g. typing indicators). */
    LOW
}
