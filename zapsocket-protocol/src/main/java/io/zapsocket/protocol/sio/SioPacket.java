package io.zapsocket.protocol.sio;

import io.zapsocket.protocol.json.Json;

import java.util.List;
import java.util.Map;

/**
 * One Socket.IO v5 packet.
 *
 * <p>Payload ({@code data}) by type:
 * <ul>
 *   <li>{@link SioPacketType#EVENT} / {@link SioPacketType#BINARY_EVENT}: {@code List<Object>}, the event name
 *       followed by the arguments;</li>
 *   <li>{@link SioPacketType#ACK} / {@link SioPacketType#BINARY_ACK}: {@code List<Object>}, the arguments;</li>
 *   <li>{@link SioPacketType#CONNECT}: a {@code Map} (auth or {@code {"sid":...}}), or {@code null};</li>
 *   <li>{@link SioPacketType#CONNECT_ERROR}: a {@code Map} ({@code {"message":...,"data":...}}) or a
 *       {@code String};</li>
 *   <li>{@link SioPacketType#DISCONNECT}: {@code null}.</li>
 * </ul>
 * Decoded packets hold the values of {@link Json#parse} ({@code LinkedHashMap}, {@code ArrayList}, {@code String},
 * {@code Integer}/{@code Long}/{@code Double}, {@code Boolean}, {@code null}); binary packets keep their binary type
 * and have every attachment placeholder replaced by its {@code byte[]}. For encoding, data may hold any value
 * {@link Json} can write; {@code byte[]}/{@code ByteBuffer} anywhere in EVENT/ACK arguments make it binary.
 *
 * <p>The record does not copy {@code data}: treat it as immutable once built (a broadcast packet is shared).
 * Equality of {@code byte[]} elements is by reference, as for any {@code List}.
 *
 * @param type the packet type, never {@code null}
 * @param nsp the namespace, never {@code null}; {@code null} or {@code ""} given to the constructor become
 *     {@code "/"}
 * @param id the acknowledgement id, {@code >= 0}, or {@code -1} when absent
 * @param data the payload as described above, may be {@code null}
 *
 * @since 0.1
 */
public record SioPacket(SioPacketType type, String nsp, long id, Object data) {

    /** The main namespace. */
    public static final String MAIN_NAMESPACE = "/";

    /** The {@code id} of a packet without acknowledgement id. */
    public static final long NO_ID = -1;

    /**
     * Creates a packet; {@code nsp} is normalized, {@code data} is kept as is.
     *
     * @param type the packet type, not {@code null}
     * @param nsp the namespace; {@code null} or empty means {@code "/"}
     * @param id the ack id, or {@code -1}
     * @param data the payload, may be {@code null}
     * @throws NullPointerException if {@code type} is {@code null}
     * @throws IllegalArgumentException if {@code id < -1}
     */
    public SioPacket {
        if (type == null) {
            throw new NullPointerException("type");
        }
        if (nsp == null || nsp.isEmpty()) {
            nsp = MAIN_NAMESPACE;
        }
        if (id < NO_ID) {
            throw new IllegalArgumentException("ack id must be >= 0 or -1 (absent): " + id);
        }
    }

    /**
     * A CONNECT packet: the client's request (data = auth object or {@code null}) or the server's reply (data =
     * {@code {"sid":...}}).
     *
     * @param nsp the namespace, {@code null} for {@code "/"}
     * @param data the auth / reply object, may be {@code null}
     * @return the packet
     */
    public static SioPacket connect(String nsp, Object data) {
        return new SioPacket(SioPacketType.CONNECT, nsp, NO_ID, data);
    }

    /**
     * A DISCONNECT packet (leave the namespace).
     *
     * @param nsp the namespace, {@code null} for {@code "/"}
     * @return the packet
     */
    public static SioPacket disconnect(String nsp) {
        return new SioPacket(SioPacketType.DISCONNECT, nsp, NO_ID, null);
    }

    /**
     * An EVENT without acknowledgement.
     *
     * @param nsp the namespace, {@code null} for {@code "/"}
     * @param args the event name followed by its arguments, not {@code null}; not copied
     * @return the packet
     * @throws IllegalArgumentException if {@code args} is {@code null}
     */
    public static SioPacket event(String nsp, List<?> args) {
        return new SioPacket(SioPacketType.EVENT, nsp, NO_ID, requireArgs(args));
    }

    /**
     * An EVENT requesting an acknowledgement.
     *
     * @param nsp the namespace, {@code null} for {@code "/"}
     * @param id the ack id, {@code >= 0} (or {@code -1} for none)
     * @param args the event name followed by its arguments, not {@code null}; not copied
     * @return the packet
     * @throws IllegalArgumentException if {@code args} is {@code null} or {@code id < -1}
     */
    public static SioPacket event(String nsp, long id, List<?> args) {
        return new SioPacket(SioPacketType.EVENT, nsp, id, requireArgs(args));
    }

    /**
     * An ACK answering the EVENT with the same {@code id}.
     *
     * @param nsp the namespace, {@code null} for {@code "/"}
     * @param id the ack id, {@code >= 0}
     * @param args the acknowledgement arguments, not {@code null} (may be empty); not copied
     * @return the packet
     * @throws IllegalArgumentException if {@code args} is {@code null} or {@code id < 0}
     */
    public static SioPacket ack(String nsp, long id, List<?> args) {
        if (id < 0) {
            throw new IllegalArgumentException("an ACK needs an id >= 0: " + id);
        }
        return new SioPacket(SioPacketType.ACK, nsp, id, requireArgs(args));
    }

    /**
     * A CONNECT_ERROR packet.
     *
     * @param nsp the namespace, {@code null} for {@code "/"}
     * @param data usually {@code Map.of("message", ...)} (optionally with {@code "data"}), or a {@code String};
     *     required by the encoder
     * @return the packet
     */
    public static SioPacket connectError(String nsp, Object data) {
        return new SioPacket(SioPacketType.CONNECT_ERROR, nsp, NO_ID, data);
    }

    private static List<?> requireArgs(List<?> args) {
        if (args == null) {
            throw new IllegalArgumentException("args must not be null");
        }
        return args;
    }

    /** @return whether this is an EVENT or BINARY_EVENT */
    public boolean isEventLike() {
        return type == SioPacketType.EVENT || type == SioPacketType.BINARY_EVENT;
    }

    /** @return whether this is an ACK or BINARY_ACK */
    public boolean isAckLike() {
        return type == SioPacketType.ACK || type == SioPacketType.BINARY_ACK;
    }

    /** @return whether an acknowledgement id is present */
    public boolean hasId() {
        return id >= 0;
    }

    /**
     * The event name: {@code args[0]} if it is a string, or a number formatted as JavaScript's {@code String(n)}
     * would ({@code 1}, {@code 1.5}).
     *
     * @return the name, or {@code null} if this is not an event-like packet or {@code args[0]} is neither a
     *     string nor a number (never the case for decoded packets)
     */
    public String eventName() {
        if (!isEventLike() || !(data instanceof List<?> l) || l.isEmpty()) {
            return null;
        }
        Object first = l.get(0);
        if (first instanceof CharSequence cs) {
            return cs.toString();
        }
        if (first instanceof Number n) {
            return Json.stringify(n);
        }
        return null;
    }

    /**
     * The payload as a list: for EVENT the name followed by the arguments, for ACK the arguments.
     *
     * @return {@code data} itself (not a copy), or an empty immutable list if {@code data} is {@code null}
     * @throws IllegalStateException if {@code data} is neither {@code null} nor a {@code List} (CONNECT,
     *     CONNECT_ERROR with a map or string)
     */
    @SuppressWarnings("unchecked")
    public List<Object> args() {
        if (data == null) {
            return List.of();
        }
        if (data instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IllegalStateException(type + " packet data is not a list: " + data.getClass().getName());
    }

    /**
     * @return {@code data} as a map, or {@code null} if it is not one (CONNECT auth, CONNECT_ERROR object)
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> dataAsMap() {
        return data instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
