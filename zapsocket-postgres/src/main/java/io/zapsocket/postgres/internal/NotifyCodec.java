package io.zapsocket.postgres.internal;

import io.zapsocket.protocol.json.Json;
import io.zapsocket.protocol.msgpack.Msgpack;
import io.zapsocket.server.adapter.ClusterMessage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payloads of {@code @socket.io/postgres-adapter} 0.5 ({@code lib/util.ts}, {@code PubSubClient}):
 * <ul>
 *   <li>a message is {@code NOTIFY}'d on {@code channelPrefix#nsp} as its JSON ({@code {uid, nsp, type, data}});</li>
 *   <li>a message with binary, or whose JSON is too large for NOTIFY, is stored MessagePack-encoded in the attachment
 *       table ({@code INSERT ... (payload) RETURNING id}) and announced by a header {@code {uid, type,
 *       attachmentId}} (no {@code nsp}; the id is a string, as node-postgres returns {@code bigserial}s);</li>
 *   <li>a reader parses the JSON and, when it has an {@code attachmentId}, reads the row and decodes it.</li>
 * </ul>
 * Node sends binary through the table only for broadcasts, acks and server-side emits (a Buffer in a fetchSockets
 * answer would become {@code {type:"Buffer"}} JSON); this codec sends any message with binary through the table,
 * which every reader decodes.
 */
public final class NotifyCodec {
    private NotifyCodec() {
    }

    /** What to send for one message: a NOTIFY payload, or an attachment (then a header, once its id is known). */
    public record Outgoing(String json, byte[] attachment) {
        public boolean isAttachment() {
            return attachment != null;
        }
    }

    /** What a NOTIFY payload says: a whole message, or a reference to an attachment (with its sender's uid). */
    public record Incoming(ClusterMessage message, String uid, String attachmentId) {
    }

    /** Encodes {@code message}: JSON if it has no binary and its JSON is under {@code threshold} bytes. */
    public static Outgoing encode(ClusterMessage message, int threshold) {
        if (message.hasBinary()) {
            return new Outgoing(null, Msgpack.encode(message.toMap()));
        }
        String json = Json.stringify(message.toMap());
        if (json.length() >= threshold / 3 && json.getBytes(StandardCharsets.UTF_8).length >= threshold) {
            return new Outgoing(null, Msgpack.encode(message.toMap()));
        }
        return new Outgoing(json, null);
    }

    /** The NOTIFY payload announcing an attachment: {@code {"uid":…,"type":…,"attachmentId":"…"}}. */
    public static String header(ClusterMessage message, long attachmentId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uid", message.uid());
        m.put("type", message.type());
        m.put("attachmentId", Long.toString(attachmentId));
        return Json.stringify(m);
    }

    /**
     * Decodes a NOTIFY payload received on the channel of namespace {@code channelNsp}.
     *
     * @return the message or the attachment reference; {@code null} if the payload is JSON but not a message
     * @throws RuntimeException if the payload is not JSON
     */
    public static Incoming decode(String payload, String channelNsp) {
        if (!(Json.parse(payload) instanceof Map<?, ?> m)) {
            return null;
        }
        Object id = m.get("attachmentId");
        if (id instanceof String || id instanceof Number) {
            String ref = id instanceof Number n ? Long.toString(n.longValue()) : (String) id;
            return new Incoming(null, m.get("uid") instanceof String u ? u : null, ref);
        }
        ClusterMessage message = ClusterMessage.fromMap(withNsp(m, channelNsp));
        return message == null ? null : new Incoming(message, message.uid(), null);
    }

    /**
     * Node's {@code @socket.io/postgres-emitter} 0.1 sends no {@code nsp} (Node's adapter 0.5 then ignores its
     * messages): the namespace is the channel's.
     */
    private static Map<?, ?> withNsp(Map<?, ?> m, String channelNsp) {
        if (m.get("nsp") instanceof String || channelNsp == null) {
            return m;
        }
        Map<Object, Object> copy = new LinkedHashMap<>(m);
        copy.put("nsp", channelNsp);
        return copy;
    }

    /**
     * Decodes an attachment row's payload.
     *
     * @return the message, or {@code null} if it is not one
     * @throws RuntimeException if the bytes are not MessagePack
     */
    public static ClusterMessage decodeAttachment(byte[] payload, String channelNsp) {
        return Msgpack.decode(payload) instanceof Map<?, ?> m ? ClusterMessage.fromMap(withNsp(m, channelNsp)) : null;
    }
}
