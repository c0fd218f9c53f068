package io.zapsocket.sync.store;

import java.util.List;

/**
 * A replicated map's snapshot: its change sequence and its live entries (tombstones left out).
 *
 * @since 0.2
 */
public record MapRead(String map, long seq, List<MapChange> entries) {
    public MapRead {
        entries = List.copyOf(entries);
    }
}
