package io.zapsocket.server.adapter;

import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.Args;
import io.zapsocket.server.RemoteSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
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
 * <p>Each room's membership changes atomically ({@code compute} on its key), so a room is created on its first
 * join and deleted on its last leave exactly once, even when sockets of different event loops join and leave
 * concurrently. Broadcasts iterate weakly consistent views: a socket joining during a broadcast may or may not
 * receive it.
 *
 * @since 0.1
 */
public class InMemoryAdapter implements Adapter {
    /** Creates an in-memory adapter per namespace. */
    public static final AdapterFactory FACTORY = InMemoryAdapter::new;

    protected final AdapterContext context;
    private final ConcurrentHashMap<String, Set<String>> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> sids = new ConcurrentHashMap<>();

    public InMemoryAdapter(AdapterContext context) {
        this.context = context;
    }

    @Override
    public void addAll(String socketId, Set<String> newRooms) {
        RoomListener listener = context.roomListener();
        Set<String> mine = sids.computeIfAbsent(socketId, k -> new LinkedHashSet<>());
        for (String room : newRooms) {
            boolean added;
            synchronized (mine) { // a socket's own room set: tiny, insertion-ordered like Node's socket.rooms
                added = mine.add(room);
            }
            if (!added) {
                continue;
            }
            boolean[] created = new boolean[1];
            rooms.compute(room, (k, members) -> {
                if (members == null) {
                    members = ConcurrentHashMap.newKeySet();
                    created[0] = true;
                }
                members.add(socketId);
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
        Set<String> mine = sids.get(socketId);
        if (mine != null) {
            synchronized (mine) {
                mine.remove(room);
            }
        }
        removeFromRoom(socketId, room);
    }

    private void removeFromRoom(String socketId, String room) {
        boolean[] removed = new boolean[2];
        rooms.computeIfPresent(room, (k, members) -> {
            removed[0] = members.remove(socketId);
            if (members.isEmpty()) {
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
        Set<String> mine = sids.remove(socketId);
        if (mine == null) {
            return;
        }
        List<String> leaving;
        synchronized (mine) {
            leaving = new ArrayList<>(mine);
        }
        for (String room : leaving) {
            removeFromRoom(socketId, room);
        }
    }

    @Override
    public Set<String> socketRooms(String socketId) {
        Set<String> mine = sids.get(socketId);
        if (mine == null) {
            return Set.of();
        }
        synchronized (mine) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(mine));
        }
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

    /** The live room map (read-only use), for subclasses and tests. */
    protected Map<String, Set<String>> roomMap() {
        return Collections.unmodifiableMap(rooms);
    }

    @Override
    public void broadcast(SioPacket packet, BroadcastOptions opts) {
        PreparedPacket prepared = context.prepare(packet, opts.flags().compress());
        BroadcastOptions.Flags flags = opts.flags();
        apply(opts, socket -> socket.deliver(prepared, flags));
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

    /** Runs {@code action} for every local socket targeted by {@code opts}. */
    protected void apply(BroadcastOptions opts, Consumer<LocalSocket> action) {
        forEachTarget(opts.rooms(), opts.except(), id -> {
            LocalSocket socket = context.socket(id);
            if (socket != null) {
                action.accept(socket);
            }
        });
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
            Set<String> members = rooms.get(targetRooms.iterator().next());
            if (members != null) {
                for (String id : members) {
                    if (!excluded.contains(id)) {
                        action.accept(id);
                    }
                }
            }
            return;
        }
        Set<String> visited = new HashSet<>();
        for (String room : targetRooms) {
            Set<String> members = rooms.get(room);
            if (members == null) {
                continue;
            }
            for (String id : members) {
                if (!excluded.contains(id) && visited.add(id)) {
                    action.accept(id);
                }
            }
        }
    }

    private Set<String> computeExcept(Set<String> exceptRooms) {
        Set<String> excluded = new HashSet<>();
        for (String room : exceptRooms) {
            Set<String> members = rooms.get(room);
            if (members != null) {
                excluded.addAll(members);
            }
        }
        return excluded;
    }
}
