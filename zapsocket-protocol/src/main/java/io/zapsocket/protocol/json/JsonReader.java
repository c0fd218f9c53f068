package io.zapsocket.protocol.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.zapsocket.protocol.ProtocolException;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code JSON.parse} behind {@link Json#parse}: first {@link PlainJsonReader}, which takes the common shapes
 * without creating a parser, then, for whatever it leaves (including every error), Jackson's streaming parser
 * (strict RFC 8259, as JavaScript is) feeding an explicit stack, so deep input can never overflow the Java stack.
 * Stateless and thread-safe.
 */
final class JsonReader {

    /** Maximum container nesting accepted (Jackson's default, set explicitly so it cannot drift). */
    static final int MAX_DEPTH = JsonWriter.MAX_DEPTH;

    /** Largest JavaScript array index (2^32 - 2); such keys are enumerated first, in numeric order. */
    private static final long MAX_ARRAY_INDEX = 4_294_967_294L;

    /** Longest object key the fast path takes (Jackson's own limit is far above: keys this long are not common). */
    static final int MAX_NAME = 1000;

    static final JsonFactory FACTORY = JsonFactory.builder()
            // keys come from the network: don't grow the JVM's intern table with them
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private JsonReader() {
    }

    static Object parse(String s, int offset) {
        if (offset < 0 || offset > s.length()) {
            throw new IndexOutOfBoundsException("offset " + offset + " out of bounds for length " + s.length());
        }
        Object fast = PlainJsonReader.parse(s, offset);
        return fast != PlainJsonReader.GIVE_UP ? fast : parseWithJackson(s, offset);
    }

    /** The Jackson path alone ({@code offset} already checked); the reference the fast path is tested against. */
    static Object parseWithJackson(String s, int offset) {
        try (JsonParser p = offset == 0 ? FACTORY.createParser(s) : FACTORY.createParser(new SliceReader(s, offset))) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ProtocolException("invalid JSON: no value");
            }
            Object value = readValue(p, t);
            if (p.nextToken() != null) {
                throw new ProtocolException("invalid JSON: trailing data after the value at offset "
                        + (offset + p.currentTokenLocation().getCharOffset()));
            }
            checkUnicodeEscapes(s, offset);
            return value;
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // JsonParseException, StreamConstraintsException, and the IllegalStateException Jackson's symbol table
            // throws on suspected hash flooding
            throw new ProtocolException("invalid JSON: " + message(e), e);
        }
    }

    /**
     * Jackson maps each of the four digits of a backslash-u escape through {@code ch & 0xFF}, so it accepts
     * non-ASCII "digits" (U+9035 in place of a {@code 5}) that {@code JSON.parse} rejects. The
     * input has been parsed successfully, so every backslash is inside a string and starts an escape: checking
     * the escapes that follow each one is enough. Costs one {@code indexOf} when there is no backslash.
     */
    private static void checkUnicodeEscapes(String s, int from) {
        int len = s.length();
        for (int i = s.indexOf('\\', from); i >= 0 && i + 1 < len; i = s.indexOf('\\', i)) {
            if (s.charAt(i + 1) == 'u') {
                for (int k = i + 2; k < i + 6; k++) {
                    char c = k < len ? s.charAt(k) : 0;
                    if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                        throw new ProtocolException("invalid JSON: bad \\u escape at offset " + i);
                    }
                }
                i += 6;
            } else {
                i += 2; // \" \\ \/ \b \f \n \r \t
            }
        }
    }

    private static String message(Exception e) {
        if (e instanceof com.fasterxml.jackson.core.JacksonException je) {
            return je.getOriginalMessage();
        }
        return e.getMessage();
    }

    private static Object readValue(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return scalar(p, t);
        }
        // Explicit stack of open containers; keys[i] is the pending key of containers[i] when it is an object.
        Object[] containers = new Object[16];
        String[] keys = new String[16];
        ObjectState[] states = new ObjectState[16];
        int top = -1;
        Object value;
        while (true) {
            if (t == null) {
                throw new ProtocolException("invalid JSON: unexpected end of input");
            }
            switch (t) {
                case START_OBJECT, START_ARRAY -> {
                    if (++top == containers.length) {
                        containers = Arrays.copyOf(containers, top * 2);
                        keys = Arrays.copyOf(keys, top * 2);
                        states = Arrays.copyOf(states, top * 2);
                    }
                    containers[top] = t == JsonToken.START_OBJECT ? new LinkedHashMap<String, Object>() : new ArrayList<>();
                    states[top] = null;
                    t = p.nextToken();
                    continue;
                }
                case FIELD_NAME -> {
                    keys[top] = p.currentName();
                    t = p.nextToken();
                    continue;
                }
                case END_OBJECT -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) containers[top];
                    value = states[top] != null && states[top].needsReorder ? jsKeyOrder(m) : m;
                    containers[top] = null;
                    states[top] = null;
                    top--;
                }
                case END_ARRAY -> {
                    value = containers[top];
                    containers[top] = null;
                    top--;
                }
                default -> value = scalar(p, t);
            }
            if (top < 0) {
                return value;
            }
            Object parent = containers[top];
            if (parent instanceof ArrayList<?>) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) parent;
                list.add(value);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) parent;
                String key = keys[top];
                trackKeyOrder(states, top, key);
                m.put(key, value);
            }
            t = p.nextToken();
        }
    }

    private static Object scalar(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> p.getIntValue();
                case LONG -> p.getLongValue();
                default -> p.getDoubleValue(); // beyond long: a JavaScript number is a double anyway
            };
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new ProtocolException("invalid JSON: unexpected token " + t);
        };
    }

    // ---- JavaScript own-property order ----------------------------------------------------------------------------
    // JSON.parse builds a JS object, whose keys enumerate array indices first (ascending) and then the other keys in
    // insertion order; JSON.stringify(JSON.parse(s)) therefore moves "2" before "b". We reproduce that so a decoded
    // payload re-encodes as the Node server would. Cost is a comparison per key; the map is rebuilt only if needed.

    private static final class ObjectState {
        long lastIndex = -1;
        boolean hasNonIndex;
        boolean needsReorder;
    }

    private static void trackKeyOrder(ObjectState[] states, int top, String key) {
        long idx = arrayIndex(key);
        ObjectState st = states[top];
        if (idx < 0) {
            if (st == null) {
                states[top] = st = new ObjectState();
            }
            st.hasNonIndex = true;
            return;
        }
        if (st == null) {
            states[top] = st = new ObjectState();
        }
        if (st.hasNonIndex || idx < st.lastIndex) {
            st.needsReorder = true;
        }
        st.lastIndex = Math.max(st.lastIndex, idx);
    }

    /** The key's value if it is a canonical array index ("0".."4294967294"), else -1. */
    static long arrayIndex(String key) {
        int len = key.length();
        if (len == 0 || len > 10) {
            return -1;
        }
        char c0 = key.charAt(0);
        if (c0 < '0' || c0 > '9' || (c0 == '0' && len > 1)) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= MAX_ARRAY_INDEX ? v : -1;
    }

    static Map<String, Object> jsKeyOrder(Map<String, Object> m) {
        List<Map.Entry<String, Object>> indices = new ArrayList<>();
        LinkedHashMap<String, Object> result = new LinkedHashMap<>(Math.max(16, m.size() * 4 / 3 + 1));
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (arrayIndex(e.getKey()) >= 0) {
                indices.add(e);
            }
        }
        indices.sort((a, b) -> Long.compare(arrayIndex(a.getKey()), arrayIndex(b.getKey())));
        for (Map.Entry<String, Object> e : indices) {
            result.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (arrayIndex(e.getKey()) < 0) {
                result.put(e.getKey(), e.getValue());
            }
        }
        return result;
    }

    /** A reader over {@code s.substring(offset)} without copying it first. Single-threaded, like the parser. */
    private static final class SliceReader extends Reader {
        private final String s;
        private int pos;

        SliceReader(String s, int offset) {
            this.s = s;
            this.pos = offset;
        }

        @Override
        public int read(char[] cbuf, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = Math.min(len, s.length() - pos);
            if (n <= 0) {
                return -1;
            }
            s.getChars(pos, pos + n, cbuf, off);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
