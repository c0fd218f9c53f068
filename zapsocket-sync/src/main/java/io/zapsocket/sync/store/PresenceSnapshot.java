package io.zapsocket.sync.store;

import java.util.List;

/**
 * A presence room's members at a version.
 *
 * @param room    the presence room
 * @param version the room's version: every change increments it
 * @param members the tracked sockets
 * @since 0.2
 */
public record PresenceSnapshot(String room, long version, List<PresenceRecord> members) {
    public PresenceSnapshot {
        members = List.copyOf(members);
    }
}
