package io.zapsocket.sync;

import java.util.List;
import java.util.Map;

/**
 * One key (usually a user id) present in a room, with the meta of each of its tracked sockets (one per tab/device).
 *
 * @param key   the presence key
 * @param metas one per tracked socket, ordered by ref
 * @since 0.2
 */
public record PresenceEntry(String key, List<Meta> metas) {
    public PresenceEntry {
        metas = List.copyOf(metas);
    }

    /**
     * One tracked socket.
     *
     * @param ref  unique per tracking (the socket id)
     * @param meta the small map given when tracking
     * @since 0.2
     */
    public record Meta(String ref, Map<String, Object> meta) {
    }
}
