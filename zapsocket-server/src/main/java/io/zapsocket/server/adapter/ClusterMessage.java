package io.zapsocket.server.adapter;

import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.msgpack.Msgpack;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message between the nodes of a cluster, as socket.io-adapter 2.5's {@code ClusterMessage} /
 * {@code ClusterResponse}: {@code {uid, nsp, type, data}}. {@code data} is a JSON-like tree (maps, lists, strings,
 * numbers, booleans, {@code null}, {@code byte[]}); heartbeats and {@link #ADAPTER_CLOSE} have none.
 *
 * <p>A {@link ClusterAdapter} builds and reads these; a broker only moves them, usually as bytes:
 * {@link #encode()} / {@link #decode(byte[])} follow Node's rule (JSON text, or MessagePack when the message may
 * carry binary and does; readers sniff a leading <code>{</code>). Brokers with another framing (Redis Streams
 * entries, Postgres attachments) use {@link #toMap()} / {@link #fromMap(Map)}.
 *
 * @param uid  the sending node's id (16 hex characters; {@code "emitter"} for emitters)
 * @param nsp  the namespace
 * @param type one of the type constants of this class
 * @param data the payload, or {@code null}
 * @since 0.2
 */
public record ClusterMessage(String uid, String nsp, int type, Map<String, Object> data) {
    public static final int INITIAL_HEARTBEAT = 1;
    public static final int HEARTBEAT = 2;
    public static final int BROADCAST = 3;
    public static final int SOCKETS_JOIN = 4;
    public static final int SOCKETS_LEAVE = 5;
    public static final int DISCONNECT_SOCKETS = 6;
    public static final int FETCH_SOCKETS = 7;
    public static final int FETCH_SOCKETS_RESPONSE = 8;
    public static final int SERVER_SIDE_EMIT = 9;
    public static final int SERVER_SIDE_EMIT_RESPONSE = 10;
    public static final int BROADCAST_CLIENT_COUNT = 11;
    public static final int BROADCAST_ACK = 12;
    public static final int ADAPTER_CLOSE = 13;

    public ClusterMessage {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(nsp, "nsp");
    }

    /** The request id in {@code data}, or {@code null}. */
    public String requestId() {
        return data != null && data.get("requestId") instanceof String s ? s : null;
    }

    /** Whether the type is one whose data may hold binary (broadcasts, acks, answers, server-side emits). */
    public boolean mayContainBinary() {
        return type == BROADCAST || type == BROADCAST_ACK || type == FETCH_SOCKETS_RESPONSE
                || type == SERVER_SIDE_EMIT || type == SERVER_SIDE_EMIT_RESPONSE;
    }

    /** Whether {@code data} holds a {@code byte[]} anywhere. */
    public boolean hasBinary() {
        return data != null && Msgpack.hasBinary(data);
    }

    /** {@code {uid, nsp, type, data?}} (insertion-ordered; {@code data} omitted when {@code null}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uid", uid);
        m.put("nsp", nsp);
        m.put("type", type);
        if (data != null) {
            m.put("data", data);
        }
        return m;
    }

    /**
     * A message from its map form; {@code type} may be a number or a numeric string (Streams entries). Returns
     * {@code null} when {@code uid}, {@code nsp} or {@code type} is missing or malformed.
     */
    @SuppressWarnings("unchecked")
    public static ClusterMessage fromMap(Map<?, ?> m) {
        if (!(m.get("uid") instanceof String uid) || !(m.get("nsp") instanceof String nsp)) {
            return null;
        }
        Object t = m.get("type");
        int type;
        if (t instanceof Number n) {
            type = n.intValue();
        } else if (t instanceof String s) {
            try {
                type = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        Map<String, Object> data = m.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : null;
        return new ClusterMessage(uid, nsp, type, data);
    }

    /** JSON text, or MessagePack (notepack.io semantics) when {@link #mayContainBinary()} and {@link #hasBinary()}. */
    public byte[] encode() {
        if (mayContainBinary() && hasBinary()) {
            return Msgpack.encode(toMap());
        }
        return Json.stringify(toMap()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes {@link #encode()}'s output (JSON if the first byte is <code>{</code>, else MessagePack).
     *
     * @return the message, or {@code null} if it is not a map with {@code uid}, {@code nsp} and {@code type}
     * @throws RuntimeException if the bytes are neither valid JSON nor valid MessagePack
     */
    public static ClusterMessage decode(byte[] payload) {
        Object m = ClusterWire.decodeJsonOrMsgpack(payload);
        return m instanceof Map<?, ?> map ? fromMap(map) : null;
    }
}
