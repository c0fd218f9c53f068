package io.zapsocket.client;

import io.zapsocket.protocol.json.Json;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a received event or acknowledgement, as decoded from JSON: {@code String}, {@code Integer},
 * {@code Long}, {@code Double}, {@code Boolean}, {@code null}, {@code Map<String,Object>} (key order kept),
 * {@code List<Object>} and {@code byte[]} (binary attachments, wherever they were).
 *
 * <p>With connection state recovery, the server appends the event's offset as a last string argument; it is left
 * in place, as the JavaScript client does.
 *
 * <p>Immutable view; thread-safe as long as the contained values are not mutated.
 *
 * @since 0.1
 */
public final class Args {
    private static final Args EMPTY = new Args(List.of());

    private final List<Object> values;

    private Args(List<Object> values) {
        this.values = values;
    }

    /**
     * Wraps a list; it is not copied, the caller hands it over.
     *
     * @param values the values, not {@code null}
     * @return an unmodifiable view
     */
    public static Args of(List<Object> values) {
        return values.isEmpty() ? EMPTY : new Args(Collections.unmodifiableList(values));
    }

    /** No arguments. */
    public static Args empty() {
        return EMPTY;
    }

    /** The number of arguments. */
    public int size() {
        return values.size();
    }

    /** Whether there are no arguments. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The raw value at {@code index}, or {@code null} if absent. */
    public Object get(int index) {
        return index >= 0 && index < values.size() ? values.get(index) : null;
    }

    /** The value as a string ({@code null} if absent or null; numbers and booleans are converted). */
    public String getString(int index) {
        Object v = get(index);
        return v == null ? null : v instanceof String s ? s : String.valueOf(v);
    }

    /** The value as an int. @throws IllegalArgumentException if it is not a number */
    public int getInt(int index) {
        return number(index).intValue();
    }

    /** The value as a long. @throws IllegalArgumentException if it is not a number */
    public long getLong(int index) {
        return number(index).longValue();
    }

    /** The value as a double. @throws IllegalArgumentException if it is not a number */
    public double getDouble(int index) {
        return number(index).doubleValue();
    }

    /** The value as a boolean. @throws IllegalArgumentException if it is not a boolean */
    public boolean getBoolean(int index) {
        if (get(index) instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("argument " + index + " is not a boolean: " + describe(get(index)));
    }

    /** The value as binary. @throws IllegalArgumentException if it is not binary */
    public byte[] getBytes(int index) {
        if (get(index) instanceof byte[] b) {
            return b;
        }
        throw new IllegalArgumentException("argument " + index + " is not binary: " + describe(get(index)));
    }

    /** The value as a JSON object ({@code null} if absent). @throws IllegalArgumentException if it is not one */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getMap(int index) {
        Object v = get(index);
        if (v == null || v instanceof Map) {
            return (Map<String, Object>) v;
        }
        throw new IllegalArgumentException("argument " + index + " is not an object: " + describe(v));
    }

    /** The value as a JSON array ({@code null} if absent). @throws IllegalArgumentException if it is not one */
    @SuppressWarnings("unchecked")
    public List<Object> getList(int index) {
        Object v = get(index);
        if (v == null || v instanceof List) {
            return (List<Object>) v;
        }
        throw new IllegalArgumentException("argument " + index + " is not an array: " + describe(v));
    }

    /**
     * Binds the value to a type (record, POJO, collection) with {@link Json#convert(Object, Class)}.
     *
     * @throws IllegalArgumentException if the value does not fit the type
     */
    public <T> T get(int index, Class<T> type) {
        return Json.convert(get(index), type);
    }

    /** All values, unmodifiable. */
    public List<Object> list() {
        return values;
    }

    /** The values as a new array, e.g. to re-emit them. */
    public Object[] toArray() {
        return values.toArray();
    }

    private Number number(int index) {
        if (get(index) instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("argument " + index + " is not a number: " + describe(get(index)));
    }

    private static String describe(Object v) {
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Args a && values.equals(a.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "Args" + values;
    }
}
