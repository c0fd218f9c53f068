package io.zapsocket.emitter.internal;

import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.msgpack.Msgpack;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire format of Node's {@code @socket.io/redis-emitter} 5.1, which the classic Redis adapters (Node's
 * {@code @socket.io/redis-adapter} 8.x, Zap-Socket's {@code RedisAdapters.pubSub}) read:
 * <ul>
 *   <li>a broadcast is the msgpack array {@code ["emitter", {type: 2, data: [event, ...args], nsp},
 *       {rooms, flags, except}]} on {@code key#nsp#}, or {@code key#nsp#room#} when it names exactly one room;</li>
 *   <li>the other operations are JSON requests on {@code key-request#nsp#}: {@code {type: 2|3, opts: {rooms,
 *       except}, rooms}} (join, leave), {@code {type: 4, opts, close}} (disconnect), {@code {uid: "emitter",
 *       type: 6, data: args}} (server-side emit).</li>
 * </ul>
 * Maps are written in the order the JavaScript objects have, so the bytes are the Node emitter's.
 */
public final class EmitterMessages {
    /** The sender id the adapters see: never a server's, so every server handles the message. */
    public static final String UID = "emitter";
    private static final int EVENT = 2;
    private static final int REMOTE_JOIN = 2;
    private static final int REMOTE_LEAVE = 3;
    private static final int REMOTE_DISCONNECT = 4;
    private static final int SERVER_SIDE_EMIT = 6;

    private EmitterMessages() {
    }

    public static String broadcastChannel(String key, String nsp, Collection<String> rooms) {
        String channel = key + "#" + nsp + "#";
        return rooms.size() == 1 ? channel + rooms.iterator().next() + "#" : channel;
    }

    public static String requestChannel(String key, String nsp) {
        return key + "-request#" + nsp + "#";
    }

    public static byte[] broadcast(String nsp, String event, Object[] args, Collection<String> rooms,
            Collection<String> except, Map<String, Boolean> flags) {
        List<Object> data = new ArrayList<>(args.length + 1);
        data.add(event);
        data.addAll(Arrays.asList(args));
        Map<String, Object> packet = new LinkedHashMap<>();
        packet.put("type", EVENT);
        packet.put("data", data);
        packet.put("nsp", nsp);
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", List.copyOf(rooms));
        opts.put("flags", flags);
        opts.put("except", List.copyOf(except));
        return Msgpack.encode(List.of(UID, packet, opts));
    }

    public static byte[] join(Collection<String> rooms, Collection<String> except, Collection<String> newRooms) {
        return roomsRequest(REMOTE_JOIN, rooms, except, newRooms);
    }

    public static byte[] leave(Collection<String> rooms, Collection<String> except, Collection<String> oldRooms) {
        return roomsRequest(REMOTE_LEAVE, rooms, except, oldRooms);
    }

    public static byte[] disconnect(Collection<String> rooms, Collection<String> except, boolean close) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", REMOTE_DISCONNECT);
        request.put("opts", opts(rooms, except));
        request.put("close", close);
        return json(request);
    }

    /** @throws IllegalArgumentException when an argument holds binary (the request is JSON) */
    public static byte[] serverSideEmit(Object[] args) {
        if (Msgpack.hasBinary(Arrays.asList(args))) {
            throw new IllegalArgumentException("serverSideEmit sends JSON: binary arguments are not supported");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uid", UID);
        request.put("type", SERVER_SIDE_EMIT);
        request.put("data", Arrays.asList(args));
        return json(request);
    }

    private static byte[] roomsRequest(int type, Collection<String> rooms, Collection<String> except,
            Collection<String> target) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", type);
        request.put("opts", opts(rooms, except));
        request.put("rooms", List.copyOf(target));
        return json(request);
    }

    private static Map<String, Object> opts(Collection<String> rooms, Collection<String> except) {
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("rooms", List.copyOf(rooms));
        opts.put("except", List.copyOf(except));
        return opts;
    }

    private static byte[] json(Object value) {
        return Json.stringify(value).getBytes(StandardCharsets.UTF_8);
    }
}
