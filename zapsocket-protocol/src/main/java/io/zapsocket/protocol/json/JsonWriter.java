package io.zapsocket.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code JSON.stringify} writer behind {@link Json#write}. Recursive over Java values with a depth guard (which
 * also turns circular structures into an {@link IllegalArgumentException} instead of a {@link StackOverflowError});
 * values it does not know go through Jackson into a {@link TokenBuffer} whose tokens are replayed here, so the
 * formatting rules are the same everywhere. Stateless and thread-safe.
 */
final class JsonWriter {

    /** Maximum container nesting written; equals the reader's limit so anything decoded can be re-encoded. */
    static final int MAX_DEPTH = 1000;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** JS Date range: +-8.64e15 ms around the epoch. */
    private static final long MAX_DATE_MILLIS = 8_640_000_000_000_000L;

    private JsonWriter() {
    }

    static void write(Object v, StringBuilder out, Json.BinaryHandler binaries, int depth) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            writeString(s, out);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            out.append(((Number) v).longValue());
        } else if (v instanceof Boolean b) {
            out.append(b.booleanValue() ? "true" : "false");
        } else if (v instanceof Double d) {
            JsNumber.appendJson(d, out);
        } else if (v instanceof Map<?, ?> m) {
            writeMap(m, out, binaries, depth + 1);
        } else if (v instanceof Iterable<?> it && !(v instanceof JsonNode) && !(v instanceof Path)) {
            writeIterable(it, out, binaries, depth + 1);
        } else if (v instanceof CharSequence cs) {
            writeString(cs, out);
        } else if (v instanceof Number n) {
            writeNumber(n, out);
        } else if (v instanceof byte[] bytes) {
            writeBinary(bytes, out, binaries);
        } else if (v instanceof ByteBuffer buf) {
            writeBinary(buf, out, binaries);
        } else if (v instanceof Object[] arr) {
            checkDepth(depth + 1);
            out.append('[');
            for (int i = 0; i < arr.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(arr[i], out, binaries, depth + 1);
            }
            out.append(']');
        } else if (v.getClass().isArray()) {
            writePrimitiveArray(v, out);
        } else if (v instanceof Character c) {
            writeString(String.valueOf(c.charValue()), out);
        } else if (v instanceof Enum<?> e) {
            writeString(e.name(), out);
        } else if (v instanceof Optional<?> o) {
            write(o.orElse(null), out, binaries, depth);
        } else if (v instanceof OptionalInt o) {
            if (o.isPresent()) {
                out.append(o.getAsInt());
            } else {
                out.append("null");
            }
        } else if (v instanceof OptionalLong o) {
            if (o.isPresent()) {
                out.append(o.getAsLong());
            } else {
                out.append("null");
            }
        } else if (v instanceof OptionalDouble o) {
            if (o.isPresent()) {
                JsNumber.appendJson(o.getAsDouble(), out);
            } else {
                out.append("null");
            }
        } else if (v instanceof Instant i) {
            writeInstant(i, out);
        } else if (v instanceof Date d) {
            writeDateMillis(d.getTime(), out);
        } else if (v instanceof JsonNode node) {
            writeNode(node, out, binaries, depth);
        } else if (v instanceof RawValue raw) {
            writeRaw(raw, out, binaries, depth);
        } else {
            writeWithJackson(v, out, binaries, depth);
        }
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(
                    "JSON nesting deeper than " + MAX_DEPTH + " levels (circular structure?)");
        }
    }

    private static void writeMap(Map<?, ?> m, StringBuilder out, Json.BinaryHandler binaries, int depth) {
        checkDepth(depth);
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Object key = e.getKey();
            if (key instanceof CharSequence cs) {
                writeString(cs, out);
            } else if (key instanceof Double || key instanceof Float || key instanceof BigDecimal) {
                writeString(JsNumber.toJsonString(((Number) key).doubleValue()), out);
            } else {
                writeString(String.valueOf(key), out);
            }
            out.append(':');
            write(e.getValue(), out, binaries, depth);
        }
        out.append('}');
    }

    private static void writeIterable(Iterable<?> it, StringBuilder out, Json.BinaryHandler binaries, int depth) {
        checkDepth(depth);
        out.append('[');
        boolean first = true;
        for (Object o : it) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(o, out, binaries, depth);
        }
        out.append(']');
    }

    private static void writeNumber(Number n, StringBuilder out) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof AtomicInteger || n instanceof AtomicLong) {
            out.append(n.longValue());
        } else if (n instanceof BigInteger) {
            out.append(n.toString());
        } else if (n instanceof Float f) {
            JsNumber.appendJson(f.doubleValue(), out);
        } else {
            // BigDecimal, LongAdder, DoubleAdder, custom Number types: through double, as JavaScript would
            JsNumber.appendJson(n.doubleValue(), out);
        }
    }

    private static void writePrimitiveArray(Object v, StringBuilder out) {
        out.append('[');
        if (v instanceof int[] a) {
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(a[i]);
            }
        } else if (v instanceof long[] a) {
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(a[i]);
            }
        } else if (v instanceof double[] a) {
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                JsNumber.appendJson(a[i], out);
            }
        } else if (v instanceof float[] a) {
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                JsNumber.appendJson(a[i], out);
            }
        } else if (v instanceof short[] a) {
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(a[i]);
            }
        } else if (v instanceof boolean[] a) {
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(a[i] ? "true" : "false");
            }
        } else if (v instanceof char[] a) {
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeString(String.valueOf(a[i]), out);
            }
        } else {
            throw new IllegalArgumentException("unsupported array type " + v.getClass().getName());
        }
        out.append(']');
    }

    // ---- binary ---------------------------------------------------------------------------------------------------

    private static void writeBinary(byte[] bytes, StringBuilder out, Json.BinaryHandler binaries) {
        if (binaries != null) {
            binaries.write(bytes, out);
            return;
        }
        out.append("{\"type\":\"Buffer\",\"data\":[");
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(bytes[i] & 0xFF);
        }
        out.append("]}");
    }

    private static void writeBinary(ByteBuffer buf, StringBuilder out, Json.BinaryHandler binaries) {
        if (binaries != null) {
            binaries.write(copy(buf), out);
            return;
        }
        out.append("{\"type\":\"Buffer\",\"data\":[");
        for (int i = buf.position(), end = buf.limit(); i < end; i++) {
            if (i > buf.position()) {
                out.append(',');
            }
            out.append(buf.get(i) & 0xFF);
        }
        out.append("]}");
    }

    /** Copies the remaining bytes (position to limit) without moving the buffer's position. */
    static byte[] copy(ByteBuffer buf) {
        byte[] b = new byte[buf.remaining()];
        buf.duplicate().get(b);
        return b;
    }

    // ---- strings --------------------------------------------------------------------------------------------------

    /** Writes {@code s} quoted and escaped exactly like ES2019+ {@code JSON.stringify} (well-formed stringify). */
    static void writeString(CharSequence s, StringBuilder out) {
        out.append('"');
        int len = s.length();
        int runStart = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a well-formed pair is written raw
                continue;
            }
            out.append(s, runStart, i);
            runStart = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u") // other controls and lone surrogates, lowercase hex
                        .append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, runStart, len);
        out.append('"');
    }

    // ---- dates ----------------------------------------------------------------------------------------------------

    private static void writeInstant(Instant i, StringBuilder out) {
        String iso = isoString(i);
        if (iso == null) {
            out.append("null");
        } else {
            out.append('"').append(iso).append('"');
        }
    }

    /** {@code new Date(i).toISOString()} (truncated to milliseconds), or {@code null} outside the JS Date range. */
    static String isoString(Instant i) {
        long sec = i.getEpochSecond();
        if (sec < -MAX_DATE_MILLIS / 1000 - 1 || sec > MAX_DATE_MILLIS / 1000 + 1) {
            return null;
        }
        return isoString(sec * 1000 + i.getNano() / 1_000_000);
    }

    /** {@code Date.prototype.toJSON}: {@code toISOString()}, or {@code null} outside the JavaScript Date range. */
    static void writeDateMillis(long millis, StringBuilder out) {
        String iso = isoString(millis);
        if (iso == null) {
            out.append("null");
        } else {
            out.append('"').append(iso).append('"');
        }
    }

    /** {@code Date.prototype.toISOString()}, or {@code null} for a time outside the JavaScript Date range. */
    static String isoString(long millis) {
        if (millis < -MAX_DATE_MILLIS || millis > MAX_DATE_MILLIS) {
            return null;
        }
        long days = Math.floorDiv(millis, 86_400_000L);
        int msOfDay = (int) Math.floorMod(millis, 86_400_000L);
        LocalDate date = LocalDate.ofEpochDay(days);
        StringBuilder sb = new StringBuilder(27);
        int year = date.getYear();
        if (year >= 0 && year <= 9999) {
            pad(sb, year, 4);
        } else {
            sb.append(year < 0 ? '-' : '+');
            pad(sb, Math.abs(year), 6);
        }
        sb.append('-');
        pad(sb, date.getMonthValue(), 2);
        sb.append('-');
        pad(sb, date.getDayOfMonth(), 2);
        sb.append('T');
        pad(sb, msOfDay / 3_600_000, 2);
        sb.append(':');
        pad(sb, msOfDay / 60_000 % 60, 2);
        sb.append(':');
        pad(sb, msOfDay / 1000 % 60, 2);
        sb.append('.');
        pad(sb, msOfDay % 1000, 3);
        sb.append('Z');
        return sb.toString();
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    // ---- Jackson trees and tokens ---------------------------------------------------------------------------------

    private static void writeNode(JsonNode node, StringBuilder out, Json.BinaryHandler binaries, int depth) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                checkDepth(depth + 1);
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    writeString(e.getKey(), out);
                    out.append(':');
                    writeNode(e.getValue(), out, binaries, depth + 1);
                }
                out.append('}');
            }
            case ARRAY -> {
                checkDepth(depth + 1);
                out.append('[');
                for (int i = 0, n = node.size(); i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    writeNode(node.get(i), out, binaries, depth + 1);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    out.append(node.isBigInteger() ? node.bigIntegerValue().toString() : Long.toString(node.longValue()));
                } else {
                    JsNumber.appendJson(node.doubleValue(), out);
                }
            }
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case BINARY -> {
                try {
                    writeBinary(node.binaryValue(), out, binaries);
                } catch (IOException e) {
                    throw new IllegalArgumentException("unreadable binary node", e);
                }
            }
            case POJO -> write(((POJONode) node).getPojo(), out, binaries, depth);
            default -> out.append("null"); // NULL, MISSING
        }
    }

    private static void writeRaw(RawValue raw, StringBuilder out, Json.BinaryHandler binaries, int depth) {
        Object r = raw.rawValue();
        if (r instanceof String || r instanceof SerializableString) {
            Object parsed;
            try {
                parsed = Json.parse(r.toString());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("raw JSON value is not valid JSON", e);
            }
            write(parsed, out, binaries, depth);
        } else {
            write(r, out, binaries, depth);
        }
    }

    /** Serializes a POJO/record with the shared mapper into a token buffer and replays the tokens JS-exactly. */
    private static void writeWithJackson(Object v, StringBuilder out, Json.BinaryHandler binaries, int depth) {
        checkDepth(depth + 1);
        TokenBuffer tb = new TokenBuffer(Json.mapper(), false);
        try {
            Json.mapper().writeValue(tb, v);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot serialize " + v.getClass().getName() + " to JSON", e);
        }
        try (JsonParser p = tb.asParser()) {
            replay(p, out, binaries, depth);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize " + v.getClass().getName() + " to JSON", e);
        }
    }

    private static void replay(JsonParser p, StringBuilder out, Json.BinaryHandler binaries, int depth)
            throws IOException {
        boolean first = true;      // first member of the current container
        boolean afterName = false; // a FIELD_NAME was just written: no comma before its value
        int level = 0;
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                out.append(t == JsonToken.END_OBJECT ? '}' : ']');
                level--;
                first = false; // back in the parent, right after the value we just closed
                continue;
            }
            if (t == JsonToken.FIELD_NAME) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(p.currentName(), out);
                out.append(':');
                afterName = true;
                continue;
            }
            if (!afterName && !first) {
                out.append(',');
            }
            afterName = false;
            first = false;
            switch (t) {
                case START_OBJECT, START_ARRAY -> {
                    level++;
                    checkDepth(depth + level);
                    out.append(t == JsonToken.START_OBJECT ? '{' : '[');
                    first = true;
                }
                case VALUE_STRING -> writeString(p.getText(), out);
                case VALUE_NUMBER_INT -> writeNumber(p.getNumberValue(), out);
                case VALUE_NUMBER_FLOAT -> JsNumber.appendJson(p.getDoubleValue(), out);
                case VALUE_TRUE -> out.append("true");
                case VALUE_FALSE -> out.append("false");
                case VALUE_NULL -> out.append("null");
                case VALUE_EMBEDDED_OBJECT -> {
                    Object o = p.getEmbeddedObject();
                    if (o instanceof byte[] bytes) {
                        writeBinary(bytes, out, binaries);
                    } else {
                        write(o, out, binaries, depth + level);
                    }
                }
                default -> throw new IllegalArgumentException("unexpected token " + t);
            }
        }
    }
}
