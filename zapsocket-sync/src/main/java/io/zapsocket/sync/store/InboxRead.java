package io.zapsocket.sync.store;

import java.util.List;

/**
 * A read of a user's inbox: the last id ever assigned ({@code top}, 0 when none) and the unacknowledged, unexpired
 * entries after the requested id, in id order.
 *
 * @since 0.2
 */
public record InboxRead(String user, long top, List<InboxEntry> entries) {
    public InboxRead {
        entries = List.copyOf(entries);
    }
}
