package io.zapsocket.server.internal.publish;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.protocol.sio.ReservedEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One message of the publish API, checked: {@code {"event": "...", "args": [...], "namespace": "/", "rooms": [...],
 * "except": [...], "volatile": false, "compress": true}}; only {@code event} is required.
 */
record PublishMessage(String namespace, String event, List<Object> args, List<String> rooms, List<String> except,
        boolean isVolatile, boolean compress) {
    private static final Set<String> FIELDS = Set.of("event", "args", "namespace", "rooms", "except", "volatile",
            "compress");

    /**
     * @param value a parsed JSON value
     * @param index its position in a batch (for messages), or -1
     */
    static PublishMessage parse(Object value, int index, int maxRooms) throws PublishRefusal {
        String where = index < 0 ? "" : "messages[" + index + "]: ";
        if (!(value instanceof Map<?, ?> m)) {
            throw PublishRefusal.badRequest(where + "a message is a JSON object");
        }
        for (Object key : m.keySet()) {
            if (!FIELDS.contains(key)) {
                throw PublishRefusal.badRequest(where + "unknown field \"" + key + "\"");
            }
        }
        if (!(m.get("event") instanceof String event) || event.isEmpty()) {
            throw PublishRefusal.badRequest(where + "\"event\" must be a non-empty string");
        }
        if (ReservedEvents.isReserved(event)) {
            throw new PublishRefusal(HttpResponseStatus.BAD_REQUEST, "reserved_event",
                    where + "\"" + event + "\" is a reserved event name");
        }
        Object args = m.get("args");
        if (args != null && !(args instanceof List<?>)) {
            throw PublishRefusal.badRequest(where + "\"args\" must be an array");
        }
        Object nsp = m.get("namespace");
        if (nsp != null && !(nsp instanceof String s && s.startsWith("/"))) {
            throw PublishRefusal.badRequest(where + "\"namespace\" must be a string starting with /");
        }
        List<String> rooms = rooms(m.get("rooms"), "rooms", where);
        List<String> except = rooms(m.get("except"), "except", where);
        if (rooms.size() + except.size() > maxRooms) {
            throw new PublishRefusal(HttpResponseStatus.BAD_REQUEST, "too_many_rooms", where + (rooms.size()
                    + except.size()) + " rooms in rooms + except, over the limit of " + maxRooms);
        }
        return new PublishMessage(nsp == null ? "/" : (String) nsp, event,
                args == null ? List.of() : new ArrayList<>((List<?>) args), rooms, except,
                flag(m.get("volatile"), "volatile", false, where), flag(m.get("compress"), "compress", true, where));
    }

    private static List<String> rooms(Object v, String field, String where) throws PublishRefusal {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw PublishRefusal.badRequest(where + "\"" + field + "\" must be an array of strings");
        }
        List<String> rooms = new ArrayList<>(list.size());
        for (Object r : list) {
            if (!(r instanceof String s)) {
                throw PublishRefusal.badRequest(where + "\"" + field + "\" must be an array of strings");
            }
            rooms.add(s);
        }
        return rooms;
    }

    private static boolean flag(Object v, String field, boolean absent, String where) throws PublishRefusal {
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Boolean b)) {
            throw PublishRefusal.badRequest(where + "\"" + field + "\" must be true or false");
        }
        return b;
    }
}
