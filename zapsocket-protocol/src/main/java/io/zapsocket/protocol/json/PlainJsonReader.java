package io.zapsocket.protocol.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fast path of {@link JsonReader}: a recursive-descent parser for the JSON that packets carry almost always,
 * which gives up ({@link #GIVE_UP}) on anything else rather than judge it. It never reports an error: input it does
 * not take, valid or not, goes to the Jackson path, which decides (and words the error, with Jackson's exception as
 * its cause). So it must accept only text that Jackson accepts too, and return exactly what the Jackson path
 * returns for it; what it gives up on costs a second parse.
 *
 * <p>Taken: objects and arrays nested at most {@value #MAX_DEPTH} deep; strings up to {@value #MAX_STRING} chars
 * without raw control characters, with the standard escapes (backslash-u with ASCII hex digits only); integers up
 * to 18 digits ({@code Integer} when they fit, else {@code Long}, as Jackson's number type); decimals and exponents
 * up to {@value #MAX_NUMBER} chars (read by {@link Double#parseDouble}, as Jackson does); {@code true},
 * {@code false}, {@code null}; the four JSON whitespace characters. Everything else is left to Jackson: deeper
 * nesting, longer strings or numbers (Jackson's stream limits apply there), bigger integers, and every syntax error.
 *
 * <p>Why: a Jackson parser costs about 700 bytes of objects per parse (context, buffers, symbol table), more than the
 * decoded packet itself. One instance per parse (a position in the text); not thread-safe, not reusable.
 */
final class PlainJsonReader {

    /** The result when the fast path does not take the input. */
    static final Object GIVE_UP = new Object();

    /** Deeper input goes to Jackson, which iterates instead of recursing. */
    static final int MAX_DEPTH = 64;
    /** Longer strings go to Jackson, which applies its own string length limit. */
    static final int MAX_STRING = 1 << 20;
    /** Longer numbers go to Jackson, which applies its own number length limit. */
    static final int MAX_NUMBER = 100;

    /** Thrown (preallocated, no stack trace) to unwind the recursion when giving up. */
    private static final RuntimeException UNWIND = new RuntimeException("not on the fast path", null, false, false) {
    };

    private final String s;
    private final int end;
    private int pos;

    private PlainJsonReader(String s, int offset) {
        this.s = s;
        this.end = s.length();
        this.pos = offset;
    }

    /**
     * @param s the text
     * @param offset where the JSON starts, in bounds
     * @return the value ({@code null} for the literal {@code null}), or {@link #GIVE_UP}
     */
    static Object parse(String s, int offset) {
        PlainJsonReader r = new PlainJsonReader(s, offset);
        try {
            r.skipWhitespace();
            Object v = r.value(0);
            r.skipWhitespace();
            return r.pos == r.end ? v : GIVE_UP;
        } catch (RuntimeException e) {
            // UNWIND, or a value this path cannot represent; Jackson decides
            return GIVE_UP;
        }
    }

    private static RuntimeException giveUp() {
        return UNWIND;
    }

    private Object value(int depth) {
        if (pos >= end) {
            throw giveUp();
        }
        char c = s.charAt(pos);
        switch (c) {
            case '"':
                return string(MAX_STRING);
            case '[':
                return array(depth + 1);
            case '{':
                return object(depth + 1);
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw giveUp();
        }
    }

    private Object literal(String word, Object value) {
        if (!s.startsWith(word, pos)) {
            throw giveUp();
        }
        pos += word.length();
        if (pos < end && isWordChar(s.charAt(pos))) {
            throw giveUp(); // "truex": Jackson reports the unrecognized token
        }
        return value;
    }

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80;
    }

    private ArrayList<Object> array(int depth) {
        if (depth > MAX_DEPTH) {
            throw giveUp();
        }
        pos++; // '['
        ArrayList<Object> list = new ArrayList<>(4);
        skipWhitespace();
        if (pos < end && s.charAt(pos) == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value(depth));
            skipWhitespace();
            char c = pos < end ? s.charAt(pos) : 0;
            pos++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw giveUp();
            }
            skipWhitespace();
        }
    }

    private Map<String, Object> object(int depth) {
        if (depth > MAX_DEPTH) {
            throw giveUp();
        }
        pos++; // '{'
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < end && s.charAt(pos) == '}') {
            pos++;
            return map;
        }
        // JavaScript own-property order, tracked as JsonReader does
        long lastIndex = -1;
        boolean hasNonIndex = false;
        boolean needsReorder = false;
        while (true) {
            if (pos >= end || s.charAt(pos) != '"') {
                throw giveUp();
            }
            String key = string(JsonReader.MAX_NAME);
            skipWhitespace();
            if (pos >= end || s.charAt(pos) != ':') {
                throw giveUp();
            }
            pos++;
            skipWhitespace();
            Object v = value(depth);
            long idx = JsonReader.arrayIndex(key);
            if (idx < 0) {
                hasNonIndex = true;
            } else {
                if (hasNonIndex || idx < lastIndex) {
                    needsReorder = true;
                }
                lastIndex = Math.max(lastIndex, idx);
            }
            map.put(key, v);
            skipWhitespace();
            char c = pos < end ? s.charAt(pos) : 0;
            pos++;
            if (c == '}') {
                return needsReorder ? JsonReader.jsKeyOrder(map) : map;
            }
            if (c != ',') {
                throw giveUp();
            }
            skipWhitespace();
        }
    }

    /** A string starting at the opening quote; at most {@code maxLength} chars of source text. */
    private String string(int maxLength) {
        int start = ++pos;
        int limit = (int) Math.min(end, (long) start + maxLength);
        for (int i = start; i < limit; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                pos = i + 1;
                return s.substring(start, i);
            }
            if (c == '\\') {
                return escapedString(start, i, limit);
            }
            if (c < 0x20) {
                throw giveUp();
            }
        }
        throw giveUp(); // unterminated, or too long for the fast path
    }

    private String escapedString(int start, int firstEscape, int limit) {
        StringBuilder sb = new StringBuilder(firstEscape - start + 16);
        sb.append(s, start, firstEscape);
        int i = firstEscape;
        while (i < limit) {
            char c = s.charAt(i++);
            if (c == '"') {
                pos = i;
                return sb.toString();
            }
            if (c < 0x20) {
                throw giveUp();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= limit) {
                throw giveUp();
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > limit) {
                        throw giveUp();
                    }
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        v = (v << 4) | hexDigit(s.charAt(i++));
                    }
                    sb.append((char) v);
                }
                default -> throw giveUp();
            }
        }
        throw giveUp();
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw giveUp();
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, as RFC 8259 and Jackson's default read it. */
    private Object number() {
        int start = pos;
        int i = pos;
        if (s.charAt(i) == '-') {
            i++;
        }
        int intStart = i;
        i = digits(i);
        int intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && s.charAt(intStart) == '0')) {
            throw giveUp(); // "-", "-x", leading zeros
        }
        boolean integer = true;
        if (i < end && s.charAt(i) == '.') {
            int f = digits(i + 1);
            if (f == i + 1) {
                throw giveUp(); // "1."
            }
            i = f;
            integer = false;
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int e = i + 1;
            if (e < end && (s.charAt(e) == '+' || s.charAt(e) == '-')) {
                e++;
            }
            int x = digits(e);
            if (x == e) {
                throw giveUp(); // "1e", "1e+"
            }
            i = x;
            integer = false;
        }
        if (i < end && isWordChar(s.charAt(i)) || i - start > MAX_NUMBER) {
            throw giveUp(); // "1x", "0x10": Jackson words the error; long numbers meet its limit
        }
        pos = i;
        if (!integer) {
            return Double.parseDouble(s.substring(start, i));
        }
        if (intDigits > 18) {
            throw giveUp(); // may not fit a long: Jackson picks the type
        }
        long v = 0;
        for (int k = intStart; k < i; k++) {
            v = v * 10 + (s.charAt(k) - '0');
        }
        if (intStart != start) {
            v = -v;
        }
        return v == (int) v ? (Object) (int) v : (Object) v;
    }

    private int digits(int i) {
        while (i < end) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            i++;
        }
        return i;
    }

    private void skipWhitespace() {
        while (pos < end) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }
}
