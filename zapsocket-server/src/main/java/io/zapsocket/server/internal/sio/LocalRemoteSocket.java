package io.zapsocket.server.internal.sio;

import io.zapsocket.server.Handshake;
import io.zapsocket.server.RemoteSocket;
import java.util.Map;
import java.util.Set;

/** A {@code fetchSockets} snapshot of a socket of this node. */
final class LocalRemoteSocket implements RemoteSocket {
    private final DefaultServerSocket socket;
    private final Set<String> rooms;
    private final Map<String, Object> data;

    LocalRemoteSocket(DefaultServerSocket socket) {
        this.socket = socket;
        this.rooms = socket.rooms();
        this.data = Map.copyOf(socket.dataOrEmpty());
    }

    @Override
    public String id() {
        return socket.id();
    }

    @Override
    public Handshake handshake() {
        return socket.handshake();
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
        return socket.emit(event, args);
    }

    @Override
    public void join(String... rooms) {
        socket.join(rooms);
    }

    @Override
    public void leave(String... rooms) {
        for (String r : rooms) {
            socket.leave(r);
        }
    }

    @Override
    public void disconnect(boolean close) {
        socket.disconnect(close);
    }

    @Override
    public String toString() {
        return "RemoteSocket{" + socket.id() + " rooms=" + rooms + '}';
    }
}
