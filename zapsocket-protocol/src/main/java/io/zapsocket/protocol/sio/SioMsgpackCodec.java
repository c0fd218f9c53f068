package io.zapsocket.protocol.sio;

import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.msgpack.Msgpack;
import io.zapsocket.protocol.msgpack.MsgpackDialect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packet format of {@code socket.io-msgpack-parser} 3.x ({@link io.zapsocket.protocol.Parser#MSGPACK}): each
 * Socket.IO packet is one MessagePack map {@code {type, data, nsp, id}}, written by {@code notepack.io} 2.x
 * ({@link MsgpackDialect#NOTEPACK_2}) and sent as one binary Engine.IO message. There are no attachments: binary
 * arguments are inline bin values, and the types are the five of {@code CONNECT} (0) to {@code CONNECT_ERROR} (4);
 * BINARY_EVENT / BINARY_ACK are written as EVENT / ACK. Absent {@code data} and {@code id} are left out of the map,
 * as JavaScript leaves out {@code undefined} members.
 *
 * <p>Decoding checks what the Node decoder checks (the type is an integer 0..4, {@code nsp} a string, the payload
 * shape per type: CONNECT an object or none, DISCONNECT none, EVENT/ACK an array, CONNECT_ERROR an object or a
 * string; {@code id} absent or an integer) plus what {@link SioDecoder} checks for the default parser: an EVENT is a
 * non-empty array whose first element is a number or a non-{@linkplain ReservedEvents reserved} string, the id is in
 * {@code [0, 2^53)} and present on an ACK, and the namespace starts with {@code /}. Malformed MessagePack (truncated, trailing bytes, a
 * length beyond the input, nesting over 1000 levels) and any failed check are a {@link ProtocolException}, the only
 * exception thrown for any input. A {@code data} or {@code id} member that is nil or {@code undefined} (notepack 2.x
 * writes {@code undefined} members as fixext 1 of type 0) counts as absent. Unknown map members (socket.io-client sends {@code options}) are ignored.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class SioMsgpackCodec {

    /** Largest ack id: exact as a JavaScript number. */
    private static final long MAX_ID = (1L << 53) - 1;

    private SioMsgpackCodec() {
    }

    /**
     * Encodes {@code p} as one binary Engine.IO message.
     *
     * @param p the packet, not {@code null}
     * @return the message bytes
     * @throws IllegalArgumentException for a packet that cannot be valid on the wire, as {@link SioEncoder#encode}
     *     (an EVENT without valid name, EVENT/ACK data that is not a list, an ACK without id, a DISCONNECT with
     *     data, a CONNECT_ERROR without data) or data nested deeper than 1000 levels
     */
    public static byte[] encode(SioPacket p) {
        if (p == null) {
            throw new IllegalArgumentException("packet must not be null");
        }
        SioPacketType type = p.type();
        Object data = p.data();
        switch (type) {
            case EVENT, BINARY_EVENT -> {
                SioEncoder.checkEventArgs(data);
                type = SioPacketType.EVENT;
            }
            case ACK, BINARY_ACK -> {
                if (!(data instanceof List<?>)) {
                    throw new IllegalArgumentException("ACK data must be a List of arguments");
                }
                if (p.id() < 0) {
                    throw new IllegalArgumentException("an ACK needs an ack id");
                }
                type = SioPacketType.ACK;
            }
            case DISCONNECT -> {
                if (data != null) {
                    throw new IllegalArgumentException("a DISCONNECT packet has no data");
                }
            }
            case CONNECT_ERROR -> {
                if (data == null) {
                    throw new IllegalArgumentException("a CONNECT_ERROR packet needs data (object or string)");
                }
            }
            case CONNECT -> {
                // auth / {"sid":...} object, or none
            }
        }
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("type", type.code());
        if (data != null) {
            m.put("data", data);
        }
        m.put("nsp", p.nsp());
        if (p.id() >= 0) {
            m.put("id", p.id());
        }
        return Msgpack.encode(m, MsgpackDialect.NOTEPACK_2);
    }

    /**
     * Decodes one binary Engine.IO message.
     *
     * @param bytes the message, not {@code null}
     * @return the packet: EVENT/ACK data is the list of arguments with {@code byte[]} for binaries
     * @throws ProtocolException if the input is not a valid packet (see the class doc)
     */
    public static SioPacket decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ProtocolException("empty packet");
        }
        Object decoded;
        try {
            decoded = Msgpack.decode(bytes, MsgpackDialect.NOTEPACK_2);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("malformed msgpack packet: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new ProtocolException("msgpack packet nested too deeply");
        }
        if (!(decoded instanceof Map<?, ?> m)) {
            throw new ProtocolException("a msgpack packet must be a map, not " + kind(decoded));
        }
        long code = integer(m.get("type"), -1);
        SioPacketType type = code >= 0 && code <= SioPacketType.CONNECT_ERROR.code()
                ? SioPacketType.fromCode((int) code) : null;
        if (type == null) {
            throw new ProtocolException("invalid packet type");
        }
        if (!(m.get("nsp") instanceof String nsp) || !nsp.startsWith("/")) {
            throw new ProtocolException("invalid namespace");
        }
        // notepack 2 writes a member whose value is undefined (socket.io-client's CONNECT without auth, an emit without
        // ack id) as fixext 1 type 0, which decodes to null: null counts as absent, as undefined does in Node
        Object data = m.get("data");
        boolean hasData = data != null;
        boolean ok = switch (type) {
            case CONNECT -> !hasData || data instanceof Map;
            case DISCONNECT -> !hasData;
            case EVENT -> data instanceof List<?> l && !l.isEmpty()
                    && (l.get(0) instanceof Number
                        || l.get(0) instanceof String name && !ReservedEvents.isReserved(name));
            case ACK -> data instanceof List;
            case CONNECT_ERROR -> data instanceof Map || data instanceof String;
            default -> false;
        };
        if (!ok) {
            throw new ProtocolException("invalid payload for " + type);
        }
        long id = SioPacket.NO_ID;
        if (m.get("id") != null) {
            id = integer(m.get("id"), -2);
            if (id < 0 || id > MAX_ID) {
                throw new ProtocolException("invalid packet id");
            }
        }
        if (type == SioPacketType.ACK && id < 0) {
            throw new ProtocolException("an ACK without id");
        }
        return new SioPacket(type, nsp, id, data);
    }

    /** {@code v} as an integral long (1.0 is the integer 1 in JavaScript), else {@code otherwise}. */
    private static long integer(Object v, long otherwise) {
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) <= MAX_ID) {
            return d.longValue();
        }
        return otherwise;
    }

    private static String kind(Object v) {
        return v == null ? "nil" : v.getClass().getSimpleName();
    }
}
