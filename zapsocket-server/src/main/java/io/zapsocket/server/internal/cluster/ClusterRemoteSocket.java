package io.zapsocket.server.internal.cluster;

import io.zapsocket.protocol.sio.ReservedEvents;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.Handshake;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.adapter.Adapter;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.ClusterWire;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A socket of another node, from a {@code fetchSockets} answer. Its operations go through the cluster, targeted
 * at the room named after the socket id (as Node's {@code RemoteSocket} does).
 */
public final class ClusterRemoteSocket implements RemoteSocket {
    private final Adapter adapter;
    private final String nsp;
    private final String id;
    private final Handshake handshake;
    private final Set<String> rooms;
    private final Map<String, Object> data;

    ClusterRemoteSocket(Adapter adapter, String nsp, String id, Handshake handshake, Set<String> rooms,
                        Map<String, Object> data) {
        this.adapter = adapter;
        this.nsp = nsp;
        this.id = id;
        this.handshake = handshake;
        this.rooms = Collections.unmodifiableSet(new LinkedHashSet<>(rooms));
        this.data = data == null ? Map.of() : Collections.unmodifiableMap(data);
    }

    /** From one element of {@code sockets} in a fetchSockets answer; {@code null} if it has no id. */
    @SuppressWarnings("unchecked")
    public static ClusterRemoteSocket decode(Adapter adapter, String nsp, Object raw) {
        if (!(raw instanceof Map<?, ?> m) || !(m.get("id") instanceof String id)) {
            return null;
        }
        Map<String, Object> data = m.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
        return new ClusterRemoteSocket(adapter, nsp, id, ClusterWire.decodeHandshake(m.get("handshake")),
                ClusterWire.strings(m.get("rooms")), data);
    }

    private BroadcastOptions target() {
        return new BroadcastOptions(Set.of(id), Set.of(), BroadcastOptions.Flags.DEFAULT);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    public Set<String> rooms() {
        return rooms;
    }

    @Override
    public Map<String, Object> data() {
        return data;
    }

    @Override
    public boolean emit(String event, Object... args) {
        Objects.requireNonNull(event, "event");
        if (ReservedEvents.isReserved(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
        List<Object> all = new ArrayList<>(args.length + 1);
        all.add(event);
        Collections.addAll(all, args);
        adapter.broadcast(SioPacket.event(nsp, all), target());
        return true;
    }

    @Override
    public void join(String... rooms) {
        adapter.addSockets(target(), Set.of(rooms));
    }

    @Override
    public void leave(String... rooms) {
        adapter.delSockets(target(), Set.of(rooms));
    }

    @Override
    public void disconnect(boolean close) {
        adapter.disconnectSockets(target(), close);
    }

    @Override
    public String toString() {
        return "RemoteSocket{" + id + " rooms=" + rooms + " (remote)}";
    }
}
