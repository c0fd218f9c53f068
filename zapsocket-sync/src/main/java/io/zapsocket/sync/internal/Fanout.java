package io.zapsocket.sync.internal;

import io.zapsocket.server.BroadcastOperator;
import io.zapsocket.server.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Delivers a store's ordered changes (stream publications, presence diffs) to this node's subscribers, encoded once
 * per change through a server room ({@code <prefix><name>}, local broadcast).
 *
 * <p>A subscription is made in two steps so that a subscriber gets no gap and no duplicate: {@link #begin} (before the
 * store read) buffers the changes that arrive meanwhile for that socket; {@link #complete} (after the read) answers
 * with the changes newer than the read, then joins the socket to the room. Both, and every {@link #deliver}, hold the
 * channel's monitor, so no change slips between the answer and the join; the writes they enqueue reach the socket's
 * event loop in that order. The lock is per channel of this node (not connection state).
 */
final class Fanout {
    /** A buffered change: its version (offset) and epoch, and the payload to send. */
    record Item(long version, String epoch, Object payload) {
    }

    /** The changes buffered for one subscribe request of a socket (a later request of the socket replaces it). */
    static final class Pending {
        final List<Item> items = new ArrayList<>();
    }

    /** A subscriber whose answer is ahead of the changes delivered here: it joins at the first change it lacks. */
    private record Waiting(ServerSocket socket, long version, String epoch) {
    }

    private static final class Channel {
        final Set<String> members = new HashSet<>();
        final Map<String, Pending> pending = new HashMap<>();
        final Map<String, Waiting> waiting = new HashMap<>();
        long last;
        String epoch;
    }

    private final BroadcastOperator local;
    private final String roomPrefix;
    private final String event;
    private final int maxBuffered;
    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

    Fanout(BroadcastOperator local, String roomPrefix, String event, int maxBuffered) {
        this.local = local;
        this.roomPrefix = roomPrefix;
        this.event = event;
        this.maxBuffered = maxBuffered;
    }

    String room(String name) {
        return roomPrefix + name;
    }

    /**
     * Sends a change to this node's subscribers of {@code name} (and buffers it for those subscribing); returns how
     * many subscribed sockets it was sent to.
     */
    int deliver(String name, long version, String epoch, Object payload) {
        Channel c = channels.get(name);
        if (c == null) {
            return 0; // nobody here listens
        }
        int sent = 0;
        synchronized (c) {
            if (Objects.equals(epoch, c.epoch) && version <= c.last) {
                return 0; // already delivered (a duplicate from the store)
            }
            c.epoch = epoch;
            c.last = version;
            for (var it = c.waiting.values().iterator(); it.hasNext(); ) {
                Waiting w = it.next();
                if (Objects.equals(w.epoch(), epoch) && version <= w.version()) {
                    continue; // its answer had this one
                }
                it.remove();
                if (w.socket().connected()) {
                    w.socket().join(room(name));
                } else {
                    c.members.remove(w.socket().id());
                }
            }
            if (!c.members.isEmpty()) {
                local.to(room(name)).emit(event, payload);
                sent = c.members.size();
            }
            for (Pending p : c.pending.values()) {
                if (p.items.size() < maxBuffered) {
                    p.items.add(new Item(version, epoch, payload)); // beyond: the client sees a gap and fills it
                }
            }
        }
        return sent;
    }

    /**
     * Starts subscribing {@code socket}: from now on, changes of {@code name} are buffered for it. Returns the token
     * to pass to {@link #complete}.
     */
    Pending begin(String name, ServerSocket socket) {
        Channel c = channels.computeIfAbsent(name, k -> new Channel());
        synchronized (c) {
            if (channels.get(name) != c) {
                return begin(name, socket); // removed meanwhile by release(): retry on the new one
            }
            socket.leave(room(name)); // a second subscribe starts over
            c.waiting.remove(socket.id());
            c.members.add(socket.id());
            Pending p = new Pending();
            c.pending.put(socket.id(), p);
            return p;
        }
    }

    /**
     * Completes the subscription: hands {@code answer} the buffered changes newer than {@code version} (in epoch
     * {@code epoch}), then joins the socket to the room (at the first change newer than {@code version} when the read
     * is ahead of the changes delivered here). When a later subscribe of the same socket replaced this one
     * ({@code token} is not the pending one), answers with no buffered change and leaves the join to the later one
     * (the read alone is a consistent answer: the later answer continues it). Does nothing (and answers nothing) when
     * the socket has meanwhile unsubscribed or disconnected.
     */
    void complete(String name, ServerSocket socket, Pending token, long version, String epoch,
            Consumer<List<Item>> answer) {
        Channel c = channels.get(name);
        if (c == null) {
            return;
        }
        synchronized (c) {
            Pending current = c.pending.get(socket.id());
            if (current == null) {
                return;
            }
            if (current != token) {
                answer.accept(List.of());
                return;
            }
            c.pending.remove(socket.id());
            List<Item> newer = new ArrayList<>();
            for (Item i : token.items) {
                if (i.version() > version && Objects.equals(i.epoch(), epoch)) {
                    newer.add(i);
                }
            }
            answer.accept(newer);
            if (!socket.connected()) {
                c.members.remove(socket.id());
            } else if ((c.epoch == null || Objects.equals(c.epoch, epoch)) && c.last < version) {
                // the read saw changes whose live copies have not arrived here yet (on a Redis Cluster, pub/sub is
                // forwarded between nodes after the write is readable): join at the first change it lacks, so they
                // do not reach it twice
                c.waiting.put(socket.id(), new Waiting(socket, version, epoch));
            } else {
                socket.join(room(name));
            }
        }
    }

    /**
     * Ends the subscription begun with {@code token} when it failed (the store read failed) and no later subscribe of
     * the socket replaced it; returns whether it did.
     */
    boolean abort(String name, ServerSocket socket, Pending token) {
        Channel c = channels.get(name);
        if (c == null) {
            return false;
        }
        synchronized (c) {
            if (c.pending.get(socket.id()) != token) {
                return false;
            }
        }
        release(name, socket);
        return true;
    }

    /** Ends a subscription (unsubscribe, failed subscribe, disconnect). */
    void release(String name, ServerSocket socket) {
        Channel c = channels.get(name);
        if (c == null) {
            return;
        }
        synchronized (c) {
            c.pending.remove(socket.id());
            c.waiting.remove(socket.id());
            c.members.remove(socket.id());
            socket.leave(room(name));
            if (c.members.isEmpty()) {
                channels.remove(name, c);
            }
        }
    }

    /** Channels with local subscribers (for tests and stats). */
    int channelCount() {
        return channels.size();
    }
}
