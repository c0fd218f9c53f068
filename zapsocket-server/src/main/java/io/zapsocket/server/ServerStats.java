package io.zapsocket.server;

import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.Transport;
import java.util.Map;

/**
 * A snapshot of the server's connections and of its flow-control counters (the counters are totals since the
 * server was created).
 *
 * @param connections            open Engine.IO connections
 * @param connectionsByTransport open connections per current transport
 * @param socketsByNamespace     connected sockets per namespace
 * @param volatileDrops          {@code volatile} packets dropped because the transport was not writable
 * @param lowPriorityDrops       {@link Priority#LOW} packets dropped because a connection's queue was over the
 *                               soft limit ({@code lowPriorityBufferedBytes})
 * @param slowClientDisconnects  connections closed with {@link DisconnectReason#SLOW_CLIENT} (outbound budget
 *                               {@code maxBufferedBytes} / {@code maxBufferedPackets} exceeded)
 * @param refusedHandshakes      handshakes refused by {@code maxConnections}, the per-IP handshake rate limit or
 *                               the origin allowlist
 * @param blockedLoopReports     times an event loop was caught not running tasks for longer than
 *                               {@code blockedLoopThreshold} (each logged with the loop's stack)
 * @param queuedBytes            bytes queued for the open connections and not yet written to them (since 0.3)
 * @since 0.1
 */
public record ServerStats(int connections, Map<Transport, Integer> connectionsByTransport,
                          Map<String, Integer> socketsByNamespace, long volatileDrops, long lowPriorityDrops,
                          long slowClientDisconnects, long refusedHandshakes, long blockedLoopReports,
                          long queuedBytes) {

    /** Without the queued bytes; kept for source compatibility. */
    public ServerStats(int connections, Map<Transport, Integer> connectionsByTransport,
                       Map<String, Integer> socketsByNamespace, long volatileDrops, long lowPriorityDrops,
                       long slowClientDisconnects, long refusedHandshakes, long blockedLoopReports) {
        this(connections, connectionsByTransport, socketsByNamespace, volatileDrops, lowPriorityDrops,
                slowClientDisconnects, refusedHandshakes, blockedLoopReports, 0);
    }

    /** Without the blocked-loop counter; kept for source compatibility. */
    public ServerStats(int connections, Map<Transport, Integer> connectionsByTransport,
                       Map<String, Integer> socketsByNamespace, long volatileDrops, long lowPriorityDrops,
                       long slowClientDisconnects, long refusedHandshakes) {
        this(connections, connectionsByTransport, socketsByNamespace, volatileDrops, lowPriorityDrops,
                slowClientDisconnects, refusedHandshakes, 0, 0);
    }

    /** Connection counts only (every counter zero); kept for source compatibility. */
    public ServerStats(int connections, Map<Transport, Integer> connectionsByTransport,
                       Map<String, Integer> socketsByNamespace) {
        this(connections, connectionsByTransport, socketsByNamespace, 0, 0, 0, 0, 0, 0);
    }
}
