package io.zapsocket.redis.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A socket the {@link StreamsAdapter} restores: from the replay until it is back in its rooms (live entries are kept
 * for it), then until the node has applied every entry the replay held (those are not delivered to it live again).
 * Written on the adapter's dispatcher thread.
 */
final class RestoringSocket {
    final String sid;
    final Set<String> rooms;
    /** The replay ends here: entries up to it go to the socket from the replay only. */
    final long[] after;
    /**
     * The node's local broadcasts issued at registration (see {@link StreamsAdapter}): only these can have an id up to
     * {@link #after}.
     */
    final long issued;
    final List<Object[]> buffer = new ArrayList<>();
    boolean overflow;
    /** Back in its rooms, the buffer delivered: live again, except for entries up to {@link #after}. */
    volatile boolean flushed;

    RestoringSocket(String sid, Set<String> rooms, long[] after, long issued) {
        this.sid = sid;
        this.rooms = rooms;
        this.after = after;
        this.issued = issued;
    }
}
