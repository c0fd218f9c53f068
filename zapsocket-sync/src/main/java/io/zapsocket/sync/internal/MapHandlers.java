package io.zapsocket.sync.internal;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.sync.SyncAction;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import io.zapsocket.sync.store.MapChange;
import io.zapsocket.sync.store.MapRead;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replicated-map events of a socket (docs/sync.md): {@code map:subscribe} (snapshot, then {@code map:change}
 * events in {@code seq} order), {@code map:unsubscribe}, {@code map:set}, {@code map:delete}.
 */
final class MapHandlers {
    static final String EVENT = "map:change";

    private final DefaultSync sync;

    MapHandlers(DefaultSync sync) {
        this.sync = sync;
    }

    void install(ServerSocket socket) {
        socket.on("map:subscribe", (args, ack) -> StreamHandlers.guarded("map:subscribe", ack,
                () -> subscribe(socket, args, ack)));
        socket.on("map:unsubscribe", (args, ack) -> StreamHandlers.guarded("map:unsubscribe", ack,
                () -> unsubscribe(socket, args, ack)));
        socket.on("map:set", (args, ack) -> StreamHandlers.guarded("map:set", ack,
                () -> write(socket, args, ack, false)));
        socket.on("map:delete", (args, ack) -> StreamHandlers.guarded("map:delete", ack,
                () -> write(socket, args, ack, true)));
    }

    private String map(ServerSocket socket, Map<String, Object> body, SyncAction action) {
        String map = Requests.name(body, "map", sync.options.maxRoomNameLength());
        sync.requireMap(map);
        if (!sync.options.authorizer().allow(socket, action, map)) {
            throw new SyncException(SyncError.FORBIDDEN, action + " on '" + map + "' is not allowed");
        }
        return map;
    }

    private void subscribe(ServerSocket socket, Args args, Ack ack) {
        String map = map(socket, Requests.body(args), SyncAction.READ_MAP);
        sync.state(socket).maps.add(map);
        Fanout.Pending token = sync.maps.begin(map, socket);
        sync.store.mapRead(map, sync.tombstoneCutoff()).whenComplete((read, err) -> {
            if (err != null) {
                if (sync.maps.abort(map, socket, token)) {
                    sync.state(socket).maps.remove(map);
                }
                Requests.fail(ack, "map:subscribe", err);
                return;
            }
            sync.maps.complete(map, socket, token, read.seq(), null, newer -> {
                ack.send(snapshot(read));
                newer.forEach(i -> socket.emit(EVENT, i.payload()));
            });
        });
    }

    private Map<String, Object> snapshot(MapRead read) {
        Map<String, Object> entries = new LinkedHashMap<>();
        for (MapChange c : read.entries()) {
            sync.clock.observe(c.stamp());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("value", DefaultSync.value(c));
            e.put("stamp", c.stamp());
            e.put("version", c.version());
            entries.put(c.key(), e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("map", read.map());
        m.put("mode", sync.isCasMap(read.map()) ? "cas" : "lww");
        m.put("seq", read.seq());
        m.put("entries", entries);
        return m;
    }

    private void unsubscribe(ServerSocket socket, Args args, Ack ack) {
        String map = Requests.name(Requests.body(args), "map", sync.options.maxRoomNameLength());
        sync.state(socket).maps.remove(map);
        sync.maps.release(map, socket);
        ack.send(Map.of("ok", true));
    }

    private void write(ServerSocket socket, Args args, Ack ack, boolean delete) {
        Map<String, Object> body = Requests.body(args);
        String map = map(socket, body, SyncAction.WRITE_MAP);
        String key = Requests.name(body, "key", sync.options.maxRoomNameLength());
        if (!delete && !body.containsKey("value")) {
            throw Requests.bad("'value' is missing (map:delete deletes)");
        }
        boolean cas = sync.isCasMap(map);
        long version = Requests.offset(body, "version", -1);
        if (cas && version < 0) {
            throw Requests.bad("'" + map + "' is a compare-and-set map: 'version' (the expected one, 0 for a new key)"
                    + " is required");
        }
        String json = delete ? null : Requests.json(body.get("value"), sync.options.maxDataBytes(), "value");
        sync.write(map, key, json, cas ? version : -1).whenComplete((c, err) -> {
            if (err != null) {
                Requests.fail(ack, delete ? "map:delete" : "map:set", err);
                return;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", true);
            m.put("applied", c.seq() > 0);
            m.put("stamp", c.stamp());
            m.put("version", c.version());
            ack.send(m);
        });
    }

    /** {@code {map, seq, key, value, deleted, stamp, version}}. */
    static Map<String, Object> change(MapChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("map", c.map());
        m.put("seq", c.seq());
        m.put("key", c.key());
        m.put("value", DefaultSync.value(c));
        m.put("deleted", c.deleted());
        m.put("stamp", c.stamp());
        m.put("version", c.version());
        return m;
    }

}
