package io.zapsocket.sync.store;

import java.util.List;

/**
 * A change of a presence room, as every node's {@link StoreListener} receives it.
 *
 * @param room    the presence room
 * @param version the room's version after the change
 * @param joins   the sockets tracked by the change
 * @param leaves  the sockets untracked by the change (with the key and meta they had)
 * @since 0.2
 */
public record PresenceChange(String room, long version, List<PresenceRecord> joins, List<PresenceRecord> leaves) {
    public PresenceChange {
        joins = List.copyOf(joins);
        leaves = List.copyOf(leaves);
    }
}
