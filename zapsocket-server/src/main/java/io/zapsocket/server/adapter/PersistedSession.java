package io.zapsocket.server.adapter;

import java.util.Map;
import java.util.Set;

/**
 * The state of a socket that disconnected for a recoverable reason, kept for connection state recovery.
 *
 * @param sid   the socket id
 * @param pid   the private session id the client will present
 * @param rooms the socket's rooms at disconnection (its own id included)
 * @param data  a copy of the socket's {@code data}
 * @since 0.1
 */
public record PersistedSession(String sid, String pid, Set<String> rooms, Map<String, Object> data) {
    public PersistedSession {
        rooms = Set.copyOf(rooms);
        data = Map.copyOf(data);
    }
}
