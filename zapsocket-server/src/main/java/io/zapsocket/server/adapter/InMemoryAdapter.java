package io.zapsocket.server.adapter;

import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.RemoteSocket;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The default, single-node adapter: two concurrent maps, room → socket ids and socket id → rooms (each socket's
 * rooms in join order, as Node's {@code socket.rooms}).
 *
 * <p>Each room's membership changes atomically ({@code compute} on its key), and so does each socket's list of
 * rooms, so a room is created on its first join and deleted on its last leave exactly once, even when sockets of
 * different event loops join and leave concurrently; no locks are taken. Broadcasts iterate weakly consistent
 * views: a socket joining during a broadcast may or may not receive it.
 *
 * <p>Memory: every socket joins the room named after its id, so most rooms have one member, and most sockets are
 * in one room. A room with one member maps to that member's id ({@link RoomMembers}, a concurrent set, is created
 * when a second one joins), and a socket's rooms are an immutable array replaced on each change: a socket in its own
 * room only costs two map nodes and a one-element array (a set on each side took about 420 bytes). A room of several
 * members also keeps its members' sockets, resolved by the first broadcast after a change, so that a broadcast to it
 * walks an array instead of looking up every recipient by id.
 *
 * @since 0.1
 */
public class InMemoryAdapter implements Adapter {
    /** Creates an in-memory adapter per namespace. */
    public static final AdapterFactory FACTORY = InMemoryAdapter::new;

    protected final AdapterContext context;
    private static final String[] NO_ROOMS = new String[0];

    /** Room → its members: the only member's id ({@code String}) or {@link RoomMembers}. */
    private final ConcurrentHashMap<String, Object> rooms = new ConcurrentHashMap<>();
    /** Socket id → its rooms in join order (immutable, replaced on change; empty once it left every room). */
    private final ConcurrentHashMap<String, String[]> sids = new ConcurrentHashMap<>();

    public InMemoryAdapter(AdapterContext context) {
        this.context = context;
    }

    @Override
    public void addAll(String socketId, Set<String> newRooms) {
        RoomListener listener = context.roomListener();
        if (newRooms.isEmpty()) {
            sids.putIfAbsent(socketId, NO_ROOMS);
            return;
        }
        for (String room : newRooms) {
            boolean[] added = new boolean[1];
            sids.compute(socketId, (k, mine) -> {
                if (mine == null) {
                    added[0] = true;
                    return new String[]{room};
                }
                for (String r : mine) {
                    if (r.equals(room)) {
                        return mine;
                    }
                }
                added[0] = true;
                String[] more = Arrays.copyOf(mine, mine.length + 1);
                more[mine.length] = room;
                return more;
            });
            if (!added[0]) {
                continue;
            }
            boolean[] created = new boolean[1];
            rooms.compute(room, (k, members) -> {
                if (members == null) {
                    created[0] = true;
                    return socketId;
                }
                if (members instanceof String only) {
                    if (only.equals(socketId)) {
                        return only;
                    }
                    return new RoomMembers(only, socketId);
                }
                ((RoomMembers) members).add(socketId);
                return members;
            });
            if (created[0]) {
                listener.onCreateRoom(room);
            }
            listener.onJoinRoom(room, socketId);
        }
    }

    @Override
    public void del(String socketId, String room) {
        sids.computeIfPresent(socketId, (k, mine) -> {
            for (int i = 0; i < mine.length; i++) {
                if (mine[i].equals(room)) {
                    String[] fewer = new String[mine.length - 1];
                    System.arraycopy(mine, 0, fewer, 0, i);
                    System.arraycopy(mine, i + 1, fewer, i, fewer.length - i);
                    return fewer.length == 0 ? NO_ROOMS : fewer;
                }
            }
            return mine;
        });
        removeFromRoom(socketId, room);
    }

    private void removeFromRoom(String socketId, String room) {
        boolean[] removed = new boolean[2];
        rooms.computeIfPresent(room, (k, members) -> {
            if (members instanceof String only) {
                if (!only.equals(socketId)) {
                    return only;
                }
                removed[0] = true;
                removed[1] = true;
                return null;
            }
            RoomMembers set = (RoomMembers) members;
            removed[0] = set.remove(socketId);
            if (set.isEmpty()) {
                removed[1] = true;
                return null;
            }
            return members;
        });
        RoomListener listener = context.roomListener();
        if (removed[1]) {
            listener.onDeleteRoom(room);
        }
        if (removed[0]) {
            listener.onLeaveRoom(room, socketId);
        }
    }

    @Override
    public void delAll(String socketId) {
        String[] mine = sids.remove(socketId);
        if (mine == null) {
            return;
        }
        for (String room : mine) {
            removeFromRoom(socketId, room);
        }
    }

    @Override
    public Set<String> socketRooms(String socketId) {
        String[] mine = sids.get(socketId);
        if (mine == null) {
            return Set.of();
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(mine)));
    }

    @Override
    public Set<String> sockets(Set<String> targetRooms) {
        Set<String> ids = new HashSet<>();
        forEachTarget(targetRooms, Set.of(), ids::add);
        return ids;
    }

    @Override
    public Set<String> rooms() {
        return Collections.unmodifiableSet(new HashSet<>(rooms.keySet()));
    }

    /** A live, read-only view of the room map (room → member ids), for subclasses and tests. */
    protected Map<String, Set<String>> roomMap() {
        return new AbstractMap<>() {
            @Override
            public Set<String> get(Object room) {
                Object members = rooms.get(room);
                return members == null ? null : members(members);
            }

            @Override
            public boolean containsKey(Object room) {
                return rooms.containsKey(room);
            }

            @Override
            public Set<String> keySet() {
                return Collections.unmodifiableSet(rooms.keySet());
            }

            @Override
            public Set<Map.Entry<String, Set<String>>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Map.Entry<String, Set<String>>> iterator() {
                        Iterator<Map.Entry<String, Object>> it = rooms.entrySet().iterator();
                        return new Iterator<>() {
                            @Override
                            public boolean hasNext() {
                                return it.hasNext();
                            }

                            @Override
                            public Map.Entry<String, Set<String>> next() {
                                Map.Entry<String, Object> e = it.next();
                                return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), members(e.getValue()));
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return rooms.size();
                    }
                };
            }
        };
    }

    /** A read-only view of a room's members (the value of {@link #rooms}). */
    private static Set<String> members(Object members) {
        return members instanceof String only ? Set.of(only)
                : Collections.unmodifiableSet(((RoomMembers) members).ids());
    }

    /** Calls {@code action} with each member of a room (the value of {@link #rooms}, may be {@code null}). */
    private static void forEachMember(Object members, Consumer<String> action) {
        if (members instanceof String only) {
            action.accept(only);
        } else if (members != null) {
            for (String id : ((RoomMembers) members).ids()) {
                action.accept(id);
            }
        }
    }

    @Override
    public void broadcast(SioPacket packet, BroadcastOptions opts) {
        PreparedPacket prepared = context.prepare(packet, opts.flags().compress());
        BroadcastOptions.Flags flags = opts.flags();
        apply(opts, socket -> socket.deliver(prepared, flags));
        context.onBroadcast(prepared, opts);
    }

    @Override
    public void broadcastWithAck(SioPacket packet, BroadcastOptions opts, IntConsumer clientCount,
                                 Consumer<Args> onAck) {
        PreparedPacket prepared = context.prepare(packet, opts.flags().compress());
        BroadcastOptions.Flags flags = opts.flags();
        int[] count = new int[1];
        apply(opts, socket -> {
            count[0]++;
            socket.deliverWithAck(prepared, flags, onAck);
        });
        clientCount.accept(count[0]);
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets(BroadcastOptions opts) {
        List<RemoteSocket> result = new ArrayList<>();
        apply(opts, socket -> result.add(socket.snapshot()));
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> newRooms) {
        apply(opts, socket -> socket.join(newRooms));
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> oldRooms) {
        apply(opts, socket -> oldRooms.forEach(socket::leave));
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        apply(opts, socket -> socket.disconnect(close));
    }

    /**
     * Runs {@code action} for every local socket targeted by {@code opts}. A single room of several members is walked
     * as its resolved sockets ({@link RoomMembers#sockets}) rather than looked up member by member.
     */
    protected void apply(BroadcastOptions opts, Consumer<LocalSocket> action) {
        if (opts.rooms().size() == 1) {
            Object members = rooms.get(opts.rooms().iterator().next());
            if (members == null) {
                return;
            }
            Set<String> excluded = opts.except().isEmpty() ? Set.of() : computeExcept(opts.except());
            if (members instanceof RoomMembers room) {
                for (LocalSocket socket : room.sockets(context)) {
                    if (excluded.isEmpty() || !excluded.contains(socket.id())) {
                        action.accept(socket);
                    }
                }
            } else if (!excluded.contains(members)) { // one member: its id (a socket's own room, say)
                withSocket((String) members, action);
            }
            return;
        }
        forEachTarget(opts.rooms(), opts.except(), id -> withSocket(id, action));
    }

    /** Runs {@code action} with the local socket {@code id}, if it is registered. */
    private void withSocket(String id, Consumer<LocalSocket> action) {
        LocalSocket socket = context.socket(id);
        if (socket != null) {
            action.accept(socket);
        }
    }

    private void forEachTarget(Set<String> targetRooms, Set<String> exceptRooms, Consumer<String> action) {
        Set<String> excluded = exceptRooms.isEmpty() ? Set.of() : computeExcept(exceptRooms);
        if (targetRooms.isEmpty()) {
            for (String id : sids.keySet()) {
                if (!excluded.contains(id)) {
                    action.accept(id);
                }
            }
            return;
        }
        if (targetRooms.size() == 1) {
            // one room: members are unique, no need to remember who was visited
            forEachMember(rooms.get(targetRooms.iterator().next()), id -> {
                if (!excluded.contains(id)) {
                    action.accept(id);
                }
            });
            return;
        }
        Set<String> visited = new HashSet<>();
        for (String room : targetRooms) {
            forEachMember(rooms.get(room), id -> {
                if (!excluded.contains(id) && visited.add(id)) {
                    action.accept(id);
                }
            });
        }
    }

    private Set<String> computeExcept(Set<String> exceptRooms) {
        Set<String> excluded = new HashSet<>();
        for (String room : exceptRooms) {
            forEachMember(rooms.get(room), excluded::add);
        }
        return excluded;
    }
}
