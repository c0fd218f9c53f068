package io.zapsocket.server;

import io.zapsocket.protocol.json.Json;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The arguments of an event or an acknowledgement, as decoded from JSON: {@code String}, {@code Integer},
 * {@code Long}, {@code Double}, {@code Boolean}, {@code null}, {@code Map<String,Object>} (key order kept),
 * {@code List<Object>} and {@code byte[]} (binary attachments, wherever they were in the arguments).
 *
 * <p>Immutable view; thread-safe as long as the contained values are not mutated.
 *
 * @since 0.1
 */
public final class Args {
    private static final Args EMPTY = new Args(List.of());
    /** The caller's list, never modified here; {@link #list()} hands out read-only views of it. */
    private final List<Object> values;

    private Args(List<Object> values) {
        this.values = values;
    }

    /** Wraps a list (not copied: the caller hands it over). */
    public static Args of(List<Object> values) {
        return values.isEmpty() ? EMPTY : new Args(values);
    }

    public static Args empty() {
        return EMPTY;
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The raw value at {@code index}, or {@code null} if absent. */
    public Object get(int index) {
        return index < values.size() ? values.get(index) : null;
    }

    /** The value as a string ({@code null} if absent or null; numbers and booleans are converted). */
    public String getString(int index) {
        Object v = get(index);
        return v == null ? null : v instanceof String ? (String) v : String.valueOf(v);
    }

    /** The value as an int; throws {@link IllegalArgumentException} if it is not a number. */
    public int getInt(int index) {
        return number(index).intValue();
    }

    public long getLong(int index) {
        return number(index).longValue();
    }

    public double getDouble(int index) {
        return number(index).doubleValue();
    }

    public boolean getBoolean(int index) {
        Object v = get(index);
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new IllegalArgumentException("argument " + index + " is not a boolean: " + describe(v));
    }

    /** The value as binary; throws {@link IllegalArgumentException} if it is not binary. */
    public byte[] getBytes(int index) {
        Object v = get(index);
        if (v instanceof byte[]) {
            return (byte[]) v;
        }
        throw new IllegalArgumentException("argument " + index + " is not binary: " + describe(v));
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> getMap(int index) {
        Object v = get(index);
        if (v == null || v instanceof Map) {
            return (Map<String, Object>) v;
        }
        throw new IllegalArgumentException("argument " + index + " is not an object: " + describe(v));
    }

    @SuppressWarnings("unchecked")
    public List<Object> getList(int index) {
        Object v = get(index);
        if (v == null || v instanceof List) {
            return (List<Object>) v;
        }
        throw new IllegalArgumentException("argument " + index + " is not an array: " + describe(v));
    }

    /** Binds the value to a type (record, POJO, collection) with Jackson. */
    public <T> T get(int index, Class<T> type) {
        return Json.convert(get(index), type);
    }

    /** All values, unmodifiable. */
    public List<Object> list() {
        return Collections.unmodifiableList(values);
    }

    /** The values as an array, e.g. to re-emit them: {@code socket.emit("ev", args.toArray())}. */
    public Object[] toArray() {
        return values.toArray();
    }

    private Number number(int index) {
        Object v = get(index);
        if (v instanceof Number) {
            return (Number) v;
        }
        throw new IllegalArgumentException("argument " + index + " is not a number: " + describe(v));
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "Args" + values;
    }
}
