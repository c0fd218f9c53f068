package io.zapsocket.sync.internal;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.sync.SyncAction;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import io.zapsocket.sync.store.PresenceSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The presence events of a socket: {@code presence:track}, {@code presence:untrack}, {@code presence:list},
 * {@code presence:subscribe} (state, then {@code presence:diff} events), {@code presence:unsubscribe}
 * (docs/sync.md).
 */
final class PresenceHandlers {
    private final DefaultSync sync;

    PresenceHandlers(DefaultSync sync) {
        this.sync = sync;
    }

    void install(ServerSocket socket) {
        socket.on("presence:track", (args, ack) -> StreamHandlers.guarded("presence:track", ack,
                () -> track(socket, args, ack)));
        socket.on("presence:untrack", (args, ack) -> StreamHandlers.guarded("presence:untrack", ack,
                () -> untrack(socket, args, ack)));
        socket.on("presence:list", (args, ack) -> StreamHandlers.guarded("presence:list", ack,
                () -> list(socket, args, ack)));
        socket.on("presence:subscribe", (args, ack) -> StreamHandlers.guarded("presence:subscribe", ack,
                () -> subscribe(socket, args, ack)));
        socket.on("presence:unsubscribe", (args, ack) -> StreamHandlers.guarded("presence:unsubscribe", ack,
                () -> unsubscribe(socket, args, ack)));
    }

    private String room(ServerSocket socket, Map<String, Object> body, SyncAction action) {
        String room = Requests.name(body, "room", sync.options.maxRoomNameLength());
        if (action != null && !sync.options.authorizer().allow(socket, action, room)) {
            throw new SyncException(SyncError.FORBIDDEN, action + " on '" + room + "' is not allowed");
        }
        return room;
    }

    private void track(ServerSocket socket, Args args, Ack ack) {
        Map<String, Object> body = Requests.body(args);
        String room = room(socket, body, SyncAction.TRACK_PRESENCE);
        Map<String, Object> meta = Requests.optionalObject(body, "meta");
        String json = Requests.json(meta == null ? Map.of() : meta, sync.options.maxMetaBytes(), "meta");
        String key = sync.options.presenceKey().apply(socket);
        sync.track(socket, room, key, json).whenComplete((v, err) -> {
            if (err != null) {
                Requests.fail(ack, "presence:track", err);
            } else {
                ack.send(Map.of("ok", true, "key", key));
            }
        });
    }

    private void untrack(ServerSocket socket, Args args, Ack ack) {
        String room = room(socket, Requests.body(args), null);
        sync.untrack(socket, room).whenComplete((v, err) -> {
            if (err != null) {
                Requests.fail(ack, "presence:untrack", err);
            } else {
                ack.send(Map.of("ok", true));
            }
        });
    }

    private void list(ServerSocket socket, Args args, Ack ack) {
        String room = room(socket, Requests.body(args), SyncAction.SEE_PRESENCE);
        sync.store.presence(room).whenComplete((snap, err) -> {
            if (err != null) {
                Requests.fail(ack, "presence:list", err);
            } else {
                ack.send(state(snap));
            }
        });
    }

    private static Map<String, Object> state(PresenceSnapshot snap) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("room", snap.room());
        m.put("version", snap.version());
        m.put("state", Payloads.state(Payloads.entries(snap.members())));
        return m;
    }

    private void subscribe(ServerSocket socket, Args args, Ack ack) {
        String room = room(socket, Requests.body(args), SyncAction.SEE_PRESENCE);
        sync.state(socket).presenceSubscriptions.add(room);
        Fanout.Pending token = sync.presenceDiffs.begin(room, socket);
        sync.store.presence(room).whenComplete((snap, err) -> {
            if (err != null) {
                if (sync.presenceDiffs.abort(room, socket, token)) {
                    sync.state(socket).presenceSubscriptions.remove(room);
                }
                Requests.fail(ack, "presence:subscribe", err);
                return;
            }
            sync.presenceDiffs.complete(room, socket, token, snap.version(), null, newer -> {
                ack.send(state(snap));
                newer.forEach(i -> socket.emit("presence:diff", i.payload()));
            });
        });
    }

    private void release(ServerSocket socket, String room) {
        sync.state(socket).presenceSubscriptions.remove(room);
        sync.presenceDiffs.release(room, socket);
    }

    private void unsubscribe(ServerSocket socket, Args args, Ack ack) {
        String room = room(socket, Requests.body(args), null);
        release(socket, room);
        ack.send(Map.of("ok", true));
    }
}
