package io.zapsocket.server;

import java.util.Map;

/**
 * A snapshot of the server's connections.
 *
 * @param connections           open Engine.IO connections
 * @param connectionsByTransport open connections per current transport
 * @param socketsByNamespace    connected sockets per namespace
 * @since 0.1
 */
public record ServerStats(int connections, Map<Transport, Integer> connectionsByTransport,
                          Map<String, Integer> socketsByNamespace) {
}
