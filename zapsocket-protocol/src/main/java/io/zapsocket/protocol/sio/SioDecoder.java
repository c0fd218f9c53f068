package io.zapsocket.protocol.sio;

import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Socket.IO v5 packet decoder for one connection: text packets, and binary packets reassembled from their text
 * header and the attachments that follow it.
 *
 * <p>Validation follows socket.io-parser: unknown type, malformed attachment header, more than
 * {@code maxAttachments} attachments (or none), text while attachments are pending, binary while none are expected, an ack
 * id over 15 digits, invalid JSON, a payload of the wrong shape for its type (CONNECT: object or none; DISCONNECT:
 * none; EVENT: non-empty array starting with a number or a non-{@linkplain ReservedEvents reserved} string; ACK:
 * array; CONNECT_ERROR: object or string) and a placeholder whose {@code num} is not an integer in
 * {@code [0, attachments)} are all reported as a {@link ProtocolException}, and the only exception thrown for any
 * input. After one, the decoder is <b>unusable</b> (every later call throws): the caller closes the connection.
 * Stricter than socket.io-parser in three corners: an empty packet, an EVENT/ACK/CONNECT_ERROR without payload and
 * a binary header without digits ({@code 5-}) are errors.
 *
 * <p><b>Not thread-safe</b>: one instance per connection, driven from that connection's I/O thread.
 *
 * @since 0.1
 */
public final class SioDecoder {

    /** The {@code maxAttachments} default of socket.io-parser (4.2.6+), used by servers. */
    public static final int DEFAULT_MAX_ATTACHMENTS = 10;

    /** Longest accepted ack id, in digits: keeps it exact as a JavaScript number. */
    private static final int MAX_ID_DIGITS = 15;

    private final int maxAttachments;

    // A binary packet waiting for its attachments.
    private SioPacket pending;
    private int expected;
    private List<byte[]> buffers;
    private List<Slot> slots;

    private boolean failed;

    /** A decoder with {@link #DEFAULT_MAX_ATTACHMENTS}. */
    public SioDecoder() {
        this(DEFAULT_MAX_ATTACHMENTS);
    }

    /**
     * @param maxAttachments the most attachments one binary packet may announce, {@code >= 0}
     * @throws IllegalArgumentException if {@code maxAttachments} is negative
     */
    public SioDecoder(int maxAttachments) {
        if (maxAttachments < 0) {
            throw new IllegalArgumentException("maxAttachments must be >= 0: " + maxAttachments);
        }
        this.maxAttachments = maxAttachments;
    }

    /**
     * Decodes a text packet (the Engine.IO message without its {@code 4} prefix).
     *
     * @param text the packet text
     * @return the packet, or {@code null} if it is a binary packet whose attachments must follow through
     *     {@link #addBinary}
     * @throws ProtocolException if the input is invalid (see the class doc); the decoder is then unusable
     */
    public SioPacket addText(String text) {
        checkUsable();
        try {
            if (pending != null) {
                throw new ProtocolException("text packet received while waiting for " + (expected - buffers.size())
                        + " binary attachment(s)");
            }
            return decode(text);
        } catch (ProtocolException e) {
            failed = true;
            throw e;
        } catch (RuntimeException e) {
            failed = true;
            throw new ProtocolException("malformed packet: " + e, e);
        }
    }

    /**
     * Adds the next binary attachment of the pending binary packet. The array is kept, not copied.
     *
     * @param data the attachment bytes
     * @return the reconstructed packet when this was its last attachment, else {@code null}
     * @throws ProtocolException if no attachment is expected or {@code data} is {@code null}; the decoder is then
     *     unusable
     */
    public SioPacket addBinary(byte[] data) {
        checkUsable();
        if (pending == null || data == null) {
            failed = true;
            throw new ProtocolException(data == null ? "null binary attachment" : "unexpected binary attachment");
        }
        buffers.add(data);
        if (buffers.size() < expected) {
            return null;
        }
        for (Slot s : slots) {
            s.fill(buffers);
        }
        SioPacket p = pending;
        pending = null;
        buffers = null;
        slots = null;
        expected = 0;
        return p;
    }

    /** @return whether a binary packet is waiting for attachments */
    public boolean awaitingAttachments() {
        return pending != null;
    }

    private void checkUsable() {
        if (failed) {
            throw new ProtocolException("decoder failed earlier; the connection must be closed");
        }
    }

    private SioPacket decode(String s) {
        if (s == null || s.isEmpty()) {
            throw new ProtocolException("empty packet");
        }
        int len = s.length();
        char c0 = s.charAt(0);
        SioPacketType type = c0 >= '0' && c0 <= '9' ? SioPacketType.fromCode(c0 - '0') : null;
        if (type == null) {
            throw new ProtocolException("unknown packet type '" + c0 + "'");
        }
        int i = 1;

        int attachments = 0;
        boolean binary = type == SioPacketType.BINARY_EVENT || type == SioPacketType.BINARY_ACK;
        if (binary) {
            int start = i;
            while (i < len && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || i >= len || s.charAt(i) != '-') {
                throw new ProtocolException("illegal attachments header");
            }
            if (i - start > 9) {
                throw new ProtocolException("too many attachments");
            }
            attachments = Integer.parseInt(s, start, i, 10);
            if (attachments < 1) {
                throw new ProtocolException("illegal attachments header: a binary packet has at least one");
            }
            if (attachments > maxAttachments) {
                throw new ProtocolException("too many attachments: " + attachments + " > " + maxAttachments);
            }
            i++; // '-'
        }

        String nsp = SioPacket.MAIN_NAMESPACE;
        if (i < len && s.charAt(i) == '/') {
            int comma = s.indexOf(',', i);
            int end = comma < 0 ? len : comma;
            nsp = s.substring(i, end);
            i = comma < 0 ? len : comma + 1;
        }

        long id = SioPacket.NO_ID;
        int idStart = i;
        while (i < len && isDigit(s.charAt(i))) {
            i++;
        }
        if (i > idStart) {
            if (i - idStart > MAX_ID_DIGITS) {
                throw new ProtocolException("ack id too long");
            }
            id = Long.parseLong(s, idStart, i, 10);
        }

        boolean hasPayload = i < len;
        Object data = hasPayload ? Json.parse(s, i) : null;
        validate(type, hasPayload, data);

        SioPacket packet = new SioPacket(type, nsp, id, data);
        if (!binary) {
            return packet;
        }
        List<Slot> found = new ArrayList<>(Math.min(attachments, 16));
        collectPlaceholders(data, attachments, found);
        pending = packet;
        expected = attachments;
        buffers = new ArrayList<>(attachments);
        slots = found;
        return null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static void validate(SioPacketType type, boolean hasPayload, Object data) {
        boolean ok = switch (type) {
            case CONNECT -> !hasPayload || data instanceof Map;
            case DISCONNECT -> !hasPayload;
            case EVENT, BINARY_EVENT -> data instanceof List<?> l && !l.isEmpty()
                    && (l.get(0) instanceof Number
                        || l.get(0) instanceof String name && !ReservedEvents.isReserved(name));
            case ACK, BINARY_ACK -> data instanceof List;
            case CONNECT_ERROR -> data instanceof Map || data instanceof String;
        };
        if (!ok) {
            throw new ProtocolException("invalid payload for " + type);
        }
    }

    // ---- placeholders ---------------------------------------------------------------------------------------------

    /** Where an attachment goes: a list index or a map key of a decoded container. */
    private record Slot(Object container, Object key, int num) {
        @SuppressWarnings("unchecked")
        void fill(List<byte[]> buffers) {
            if (container instanceof List<?> l) {
                ((List<Object>) l).set((Integer) key, buffers.get(num));
            } else {
                ((Map<String, Object>) container).put((String) key, buffers.get(num));
            }
        }
    }

    /**
     * Finds every placeholder ({@code {"_placeholder":true, "num":n}}, matched like socket.io-parser: the
     * {@code _placeholder} member must be {@code true}) and checks {@code num}. Recursion depth is bounded by the
     * JSON nesting limit.
     */
    private static void collectPlaceholders(Object value, int count, List<Slot> out) {
        if (value instanceof List<?> list) {
            for (int i = 0, n = list.size(); i < n; i++) {
                Object v = list.get(i);
                int num = placeholderNum(v, count);
                if (num >= 0) {
                    out.add(new Slot(list, i, num));
                } else {
                    collectPlaceholders(v, count, out);
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object v = e.getValue();
                int num = placeholderNum(v, count);
                if (num >= 0) {
                    out.add(new Slot(map, e.getKey(), num));
                } else {
                    collectPlaceholders(v, count, out);
                }
            }
        }
    }

    /** The attachment index if {@code v} is a placeholder, -1 if it is not one; throws if its num is invalid. */
    private static int placeholderNum(Object v, int count) {
        if (!(v instanceof Map<?, ?> m) || !Boolean.TRUE.equals(m.get("_placeholder"))) {
            return -1;
        }
        Object num = m.get("num");
        if (num instanceof Integer n && n >= 0 && n < count) {
            return n;
        }
        if (num instanceof Number n && !(num instanceof Integer)) {
            double d = n.doubleValue(); // 1.0 is the integer 1 in JavaScript
            if (d >= 0 && d < count && d == Math.rint(d)) {
                return (int) d;
            }
        }
        throw new ProtocolException("illegal attachment placeholder: num " + num + " with " + count
                + " attachment(s)");
    }
}
