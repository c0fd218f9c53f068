package io.zapsocket.protocol.engine;

import io.zapsocket.protocol.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stateless Engine.IO v4 codec, byte-compatible with {@code engine.io-parser} 5.x.
 *
 * <ul>
 *   <li>A text packet is {@code <type digit><data>}; a text packet starting with {@code b} is a binary message
 *       encoded in base64.</li>
 *   <li>A polling payload joins packets with the record separator {@code \x1e}; binary messages appear as
 *       {@code b<base64>}.</li>
 *   <li>Over WebSocket, a binary message is a binary frame holding the raw bytes (no type prefix):
 *       {@link #decodeBinary(byte[])}.</li>
 * </ul>
 *
 * <p>Bad input raises {@link ProtocolException} and nothing else. Base64 is decoded leniently, like Node's
 * {@code Buffer.from(s, "base64")}: characters outside both base64 alphabets are skipped, padding is optional.
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class EngineCodec {
    /** The separator of packets in a polling payload (ASCII record separator). */
    public static final char SEPARATOR = '\u001e';

    private static final byte[] DECODE = new byte[128];

    static {
        java.util.Arrays.fill(DECODE, (byte) -1);
        String std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < std.length(); i++) {
            DECODE[std.charAt(i)] = (byte) i;
        }
        DECODE['-'] = 62;
        DECODE['_'] = 63;
    }

    private EngineCodec() {
    }

    /**
     * Decodes one text packet (a WebSocket text frame, or one element of a polling payload).
     *
     * @throws ProtocolException if the packet is empty or its type is unknown
     */
    public static EnginePacket decodePacket(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            throw new ProtocolException("empty packet");
        }
        char c = encoded.charAt(0);
        if (c == 'b') {
            return EnginePacket.binary(base64Decode(encoded, 1));
        }
        EnginePacketType type = EnginePacketType.fromCode(c);
        if (type == null) {
            throw new ProtocolException("unknown packet type '" + printable(c) + "'");
        }
        if (encoded.length() == 1) {
            switch (type) {
                case PING: return EnginePacket.PING;
                case PONG: return EnginePacket.PONG;
                case CLOSE: return EnginePacket.CLOSE;
                case UPGRADE: return EnginePacket.UPGRADE;
                case NOOP: return EnginePacket.NOOP;
                default: return EnginePacket.of(type, "");
            }
        }
        return EnginePacket.of(type, encoded.substring(1));
    }

    /** A binary WebSocket frame: always a binary message. The array is not copied. */
    public static EnginePacket decodeBinary(byte[] frame) {
        return EnginePacket.binary(frame);
    }

    /**
     * Encodes a packet as text: {@code <digit><text>}, or {@code b<base64>} for a binary message (the form used
     * in polling payloads).
     */
    public static String encodePacket(EnginePacket packet) {
        if (packet.isBinary()) {
            return "b" + Base64.getEncoder().encodeToString(packet.binary());
        }
        String text = packet.text();
        return text.isEmpty() ? String.valueOf(packet.type().code()) : packet.type().code() + text;
    }

    /** Encodes packets as one polling payload, joined with {@link #SEPARATOR}. */
    public static String encodePayload(List<EnginePacket> packets) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < packets.size(); i++) {
            if (i > 0) {
                sb.append(SEPARATOR);
            }
            EnginePacket p = packets.get(i);
            if (p.isBinary()) {
                sb.append('b').append(Base64.getEncoder().encodeToString(p.binary()));
            } else {
                sb.append(p.type().code()).append(p.text());
            }
        }
        return sb.toString();
    }

    /**
     * Decodes a polling payload, all or nothing.
     *
     * @throws ProtocolException if any packet is invalid
     */
    public static List<EnginePacket> decodePayload(String payload) {
        List<EnginePacket> packets = new ArrayList<>();
        decodePayload(payload, packets::add);
        return packets;
    }

    /**
     * Decodes a polling payload packet by packet, in order, like {@code engine.io-parser}: the packets before an
     * invalid one are delivered to {@code sink}, then the invalid one raises the exception and the rest is
     * ignored.
     *
     * @throws ProtocolException at the first invalid packet (after the valid ones before it were delivered)
     */
    public static void decodePayload(String payload, Consumer<EnginePacket> sink) {
        if (payload == null || payload.isEmpty()) {
            throw new ProtocolException("empty payload");
        }
        int start = 0;
        int len = payload.length();
        while (true) {
            int end = payload.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = len;
            }
            sink.accept(decodePacket(payload.substring(start, end)));
            if (end == len) {
                return;
            }
            start = end + 1;
        }
    }

    /** The number of UTF-8 bytes of {@code s} (lone surrogates count as one byte, as Java encodes them {@code ?}). */
    public static int utf8Length(CharSequence s) {
        int n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Length of the base64 encoding (with padding) of {@code n} bytes. */
    public static int base64Length(int n) {
        return (n + 2) / 3 * 4;
    }

    /** UTF-8 byte length of {@link #encodePacket(EnginePacket)}. */
    public static int encodedLength(EnginePacket packet) {
        return packet.isBinary() ? 1 + base64Length(packet.binary().length) : 1 + utf8Length(packet.text());
    }

    /** UTF-8 byte length of {@link #encodePayload(List)}. */
    public static long payloadLength(List<EnginePacket> packets) {
        long n = packets.isEmpty() ? 0 : packets.size() - 1;
        for (EnginePacket p : packets) {
            n += encodedLength(p);
        }
        return n;
    }

    /** Standard base64 with padding. */
    public static String base64Encode(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    /**
     * Lenient base64 decoding of {@code s} from index {@code from}: accepts the standard and the URL-safe alphabet,
     * stops at the first {@code =}, skips any other character; a trailing group of one character is dropped.
     */
    public static byte[] base64Decode(String s, int from) {
        int len = s.length();
        byte[] out = new byte[(len - from) * 3 / 4 + 3];
        int o = 0;
        int acc = 0;
        int bits = 0;
        for (int i = from; i < len; i++) {
            char c = s.charAt(i);
            if (c == '=') {
                break;
            }
            int v = c < 128 ? DECODE[c] : -1;
            if (v < 0) {
                continue;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        return o == out.length ? out : java.util.Arrays.copyOf(out, o);
    }

    /**
     * The JSON of the handshake ({@code open}) packet, with exactly the keys {@code sid, upgrades, pingInterval,
     * pingTimeout, maxPayload} in that order, as Node's {@code JSON.stringify} writes it.
     */
    public static String openPacketJson(String sid, List<String> upgrades, long pingIntervalMs, long pingTimeoutMs,
                                        long maxPayload) {
        StringBuilder sb = new StringBuilder(128).append("{\"sid\":");
        appendJsonString(sb, sid);
        sb.append(",\"upgrades\":[");
        for (int i = 0; i < upgrades.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            appendJsonString(sb, upgrades.get(i));
        }
        return sb.append("],\"pingInterval\":").append(pingIntervalMs)
                .append(",\"pingTimeout\":").append(pingTimeoutMs)
                .append(",\"maxPayload\":").append(maxPayload).append('}').toString();
    }

    /** Appends {@code s} as a JSON string literal, escaping like {@code JSON.stringify}. */
    public static StringBuilder appendJsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || (Character.isSurrogate(c) && !isPairedSurrogate(s, i))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"');
    }

    private static boolean isPairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    /** UTF-8 encoding of the text form of a packet (convenience for transports). */
    public static byte[] encodePacketUtf8(EnginePacket packet) {
        return encodePacket(packet).getBytes(StandardCharsets.UTF_8);
    }
}
