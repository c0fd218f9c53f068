package io.zapsocket.server.adapter;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members of an {@link InMemoryAdapter} room with more than one: their ids, and the local sockets they resolve
 * to, kept for broadcasts until the membership changes.
 *
 * <p>A broadcast to a room of 10 000 used to look every member up by id in the namespace's socket map: a hash, a
 * table slot and a map node per recipient, each a memory load of its own once the connections no longer fit in the
 * caches. The first broadcast after a join or a leave resolves the members into an array; the next ones walk it.
 *
 * <p>Changes ({@link #add}, {@link #remove}) happen inside the room map's {@code compute} of this room, one at a time;
 * each bumps {@link #version} after changing {@link #ids}, and a leave drops the resolved array (it would hold the
 * sockets that left until the room's next broadcast). A resolved array is used only while the version it was
 * resolved at is still current, so a broadcast that raced with a join may build an array without the new member,
 * but no broadcast after the join uses it. An array is kept only if every member resolved to a socket: a member
 * that is not registered in the namespace yet (a join from a middleware, before the connection) or not any more is
 * looked up again by the next broadcast, rather than left out until the room changes.
 */
final class RoomMembers {
    private static final LocalSocket[] NO_SOCKETS = new LocalSocket[0];

    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    /** Bumped after every change of {@link #ids}; written under the room's {@code compute} only. */
    private volatile int version;
    /** The members' sockets as resolved at some version, or {@code null}. */
    private volatile Resolved resolved;

    private record Resolved(int version, LocalSocket[] sockets) {
    }

    RoomMembers(String first, String second) {
        ids.add(first);
        ids.add(second);
    }

    /** The members' ids: a live, weakly consistent view. */
    Set<String> ids() {
        return ids;
    }

    /** Under the room's {@code compute}: adds a member. */
    boolean add(String id) {
        if (!ids.add(id)) {
            return false;
        }
        version++; // one writer at a time: the room map's compute of this room
        return true;
    }

    /** Under the room's {@code compute}: removes a member. */
    boolean remove(String id) {
        if (!ids.remove(id)) {
            return false;
        }
        version++;
        resolved = null; // holds the sockets that left: not kept until the room's next broadcast
        return true;
    }

    boolean isEmpty() {
        return ids.isEmpty();
    }

    /**
     * The sockets of the members, resolved with {@code context} on the first call after a change; any thread. The
     * array is shared: callers must not change it.
     */
    LocalSocket[] sockets(AdapterContext context) {
        int v = version;
        Resolved r = resolved;
        if (r != null && r.version == v) {
            return r.sockets;
        }
        LocalSocket[] sockets = new LocalSocket[ids.size()];
        int n = 0;
        boolean complete = true;
        for (String id : ids) {
            LocalSocket socket = context.socket(id);
            if (socket == null) {
                complete = false;
            } else {
                if (n == sockets.length) {
                    sockets = Arrays.copyOf(sockets, n * 2 + 1); // joined meanwhile
                }
                sockets[n++] = socket;
            }
        }
        if (n != sockets.length) {
            sockets = n == 0 ? NO_SOCKETS : Arrays.copyOf(sockets, n);
        }
        if (complete) {
            resolved = new Resolved(v, sockets);
        }
        return sockets;
    }
}
