package io.zapsocket.examples.demo;

import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is online: one entry per connected socket (a user with two tabs is listed twice), pushed to everyone as
 * {@code presence {version, users:[{id, name}]}} on each change. Snapshots are numbered: emits from different
 * event loops can overtake each other, and the page keeps the highest version it saw.
 *
 * <p>This node's view only; the clustered mode will build the list from {@code fetchSockets()}.
 */
final class Presence {

    /** One online socket. */
    record User(String id, String name) {
    }

    /** The list at one version. */
    record Snapshot(long version, List<User> users) {
    }

    private final SocketServer io;
    private final Map<String, User> users = new LinkedHashMap<>();
    private long version;

    Presence(SocketServer io) {
        this.io = io;
    }

    void bind(ServerSocket socket, String name) {
        io.emit("presence", change(socket.id(), new User(socket.id(), name)));
        socket.onDisconnect((reason, description) -> io.emit("presence", change(socket.id(), null)));
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(version, new ArrayList<>(users.values()));
    }

    private synchronized Snapshot change(String id, User user) {
        if (user == null) {
            users.remove(id);
        } else {
            users.put(id, user);
        }
        version++;
        return snapshot();
    }
}
