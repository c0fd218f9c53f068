package io.zapsocket.protocol.sio;

import io.zapsocket.protocol.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Socket.IO v5 packet encoder: {@code <type>[<attachments>-][<nsp>,][<id>][<json>]}, the JSON being exactly
 * JavaScript's {@code JSON.stringify} (see {@link Json}).
 *
 * <p>EVENT and ACK packets whose arguments contain a {@code byte[]} or {@code ByteBuffer} anywhere (in lists, maps,
 * arrays, or fields of records/POJOs) are encoded as BINARY_EVENT / BINARY_ACK: each binary value is replaced, in
 * depth-first order, by {@code {"_placeholder":true,"num":i}} and returned as attachment {@code i}
 * ({@code ByteBuffer}s are copied from position to limit, without moving the position). Packets given with a
 * binary type are treated like their plain type: the contents decide. Binary values in CONNECT / CONNECT_ERROR
 * data are written in Node's {@code Buffer.toJSON()} form, as socket.io does.
 *
 * <p>Stateless and thread-safe: share {@link #INSTANCE}. The JSON is written in one pass into the output buffer;
 * encode a broadcast once and send the same {@link Encoded} to every recipient.
 *
 * @since 0.1
 */
public final class SioEncoder {

    /** The shared instance. */
    public static final SioEncoder INSTANCE = new SioEncoder();

    private SioEncoder() {
    }

    /**
     * Encodes {@code p}.
     *
     * @param p the packet, not {@code null}
     * @return the text and the attachments
     * @throws IllegalArgumentException for a packet that cannot be valid on the wire: an EVENT without name, with a
     *     {@code null}, non-string/number, non-finite or {@linkplain ReservedEvents reserved} name; EVENT/ACK data
     *     that is not a list; an ACK without id; a DISCONNECT with data; a CONNECT_ERROR without data; a namespace not starting
     *     with {@code /} or containing {@code ,}; or data that {@link Json} cannot serialize
     */
    public Encoded encode(SioPacket p) {
        if (p == null) {
            throw new IllegalArgumentException("packet must not be null");
        }
        SioPacketType type = p.type();
        Object data = p.data();
        boolean argsPacket = false;
        switch (type) {
            case EVENT, BINARY_EVENT -> {
                checkEventArgs(data);
                type = SioPacketType.EVENT;
                argsPacket = true;
            }
            case ACK, BINARY_ACK -> {
                if (!(data instanceof List<?>)) {
                    throw new IllegalArgumentException("ACK data must be a List of arguments");
                }
                if (p.id() < 0) {
                    throw new IllegalArgumentException("an ACK needs an ack id");
                }
                type = SioPacketType.ACK;
                argsPacket = true;
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
                // data: auth / {"sid":...} object, or none
            }
        }

        StringBuilder sb = new StringBuilder(64);
        sb.append((char) ('0' + type.code()));
        String nsp = p.nsp();
        if (!SioPacket.MAIN_NAMESPACE.equals(nsp)) {
            if (nsp.charAt(0) != '/' || nsp.indexOf(',') >= 0) {
                throw new IllegalArgumentException("namespace must start with '/' and not contain ',': " + nsp);
            }
            sb.append(nsp).append(',');
        }
        if (p.id() >= 0) {
            sb.append(p.id());
        }
        if (!argsPacket) {
            if (data != null) {
                Json.write(data, sb);
            }
            return new Encoded(sb.toString(), List.of());
        }
        Placeholders placeholders = new Placeholders();
        Json.write(data, sb, placeholders);
        if (placeholders.attachments == null) {
            return new Encoded(sb.toString(), List.of());
        }
        // Binary after all: fix the header in place (5/6 plus the attachment count) rather than encode twice.
        int count = placeholders.attachments.size();
        sb.setCharAt(0, type == SioPacketType.EVENT ? '5' : '6');
        sb.insert(1, count).insert(1 + stringSize(count), '-');
        return new Encoded(sb.toString(), placeholders.attachments);
    }

    static void checkEventArgs(Object data) {
        if (!(data instanceof List<?> args) || args.isEmpty()) {
            throw new IllegalArgumentException("EVENT data must be a non-empty List: [name, ...args]");
        }
        Object name = args.get(0);
        if (name == null) {
            throw new IllegalArgumentException("event name must not be null");
        }
        if (name instanceof CharSequence cs) {
            if (ReservedEvents.isReserved(cs.toString())) {
                throw new IllegalArgumentException("\"" + cs + "\" is a reserved event name");
            }
        } else if (!(name instanceof Number n)) {
            throw new IllegalArgumentException("event name must be a String or a Number, not "
                    + name.getClass().getName());
        } else if (!Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException("a numeric event name must be finite: " + n); // JSON would say null
        }
    }

    private static int stringSize(int n) {
        int size = 1;
        while (n >= 10) {
            n /= 10;
            size++;
        }
        return size;
    }

    /** Collects binaries and writes their placeholders. One per encode call; not thread-safe. */
    private static final class Placeholders implements Json.BinaryHandler {
        ArrayList<byte[]> attachments;

        @Override
        public void write(byte[] data, StringBuilder out) {
            if (attachments == null) {
                attachments = new ArrayList<>(2);
            }
            out.append("{\"_placeholder\":true,\"num\":").append(attachments.size()).append('}');
            attachments.add(data);
        }
    }
}
