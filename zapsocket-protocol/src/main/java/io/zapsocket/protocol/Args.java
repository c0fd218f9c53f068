package io.zapsocket.protocol;

import io.zapsocket.protocol.json.Json;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The arguments of an event or an acknowledgement, as decoded from JSON, on the server and on the client alike.
 *
 * <p>The Java types of the values: {@code String}; {@code Integer} when the number fits an int, else {@code Long},
 * else {@code BigInteger}; {@code Double} for fractions and exponents; {@code Boolean}; {@code null};
 * {@code Map<String,Object>} for JSON objects (key order kept); {@code List<Object>} for JSON arrays; and
 * {@code byte[]} for binary attachments, wherever they were in the arguments.
 *
 * <p>With connection state recovery, the server appends the event's offset as a last string argument of events it
 * sends; the client leaves it in place, as the JavaScript client does.
 *
 * <p>An index outside {@code [0, size())} is "absent": {@link #get(int)} returns {@code null} and the typed getters
 * behave as for a {@code null} value.
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

    /**
     * Wraps a list; it is not copied, the caller hands it over and must not change it afterwards.
     *
     * @param values the values, not {@code null}
     * @return the arguments
     */
    public static Args of(List<Object> values) {
        return values.isEmpty() ? EMPTY : new Args(values);
    }

    /**
     * @return no arguments
     */
    public static Args empty() {
        return EMPTY;
    }

    /**
     * @return the number of arguments
     */
    public int size() {
        return values.size();
    }

    /**
     * @return whether there are no arguments
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * @param index the position, from 0
     * @return the raw value at {@code index}, or {@code null} if absent (also for a negative index)
     */
    public Object get(int index) {
        return index >= 0 && index < values.size() ? values.get(index) : null;
    }

    /**
     * @param index the position, from 0
     * @return the value as a string ({@code null} if absent or null; numbers and booleans are converted)
     */
    public String getString(int index) {
        Object v = get(index);
        return v == null ? null : v instanceof String s ? s : String.valueOf(v);
    }

    /**
     * @param index the position, from 0
     * @return the value as an int
     * @throws IllegalArgumentException if it is not a number
     */
    public int getInt(int index) {
        return number(index).intValue();
    }

    /**
     * @param index the position, from 0
     * @return the value as a long
     * @throws IllegalArgumentException if it is not a number
     */
    public long getLong(int index) {
        return number(index).longValue();
    }

    /**
     * @param index the position, from 0
     * @return the value as a double
     * @throws IllegalArgumentException if it is not a number
     */
    public double getDouble(int index) {
        return number(index).doubleValue();
    }

    /**
     * @param index the position, from 0
     * @return the value as a boolean
     * @throws IllegalArgumentException if it is not a boolean
     */
    public boolean getBoolean(int index) {
        Object v = get(index);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("argument " + index + " is not a boolean: " + describe(v));
    }

    /**
     * @param index the position, from 0
     * @return the value as binary
     * @throws IllegalArgumentException if it is not binary
     */
    public byte[] getBytes(int index) {
        Object v = get(index);
        if (v instanceof byte[] b) {
            return b;
        }
        throw new IllegalArgumentException("argument " + index + " is not binary: " + describe(v));
    }

    /**
     * @param index the position, from 0
     * @return the value as a JSON object ({@code null} if absent or null)
     * @throws IllegalArgumentException if it is not an object
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getMap(int index) {
        Object v = get(index);
        if (v == null || v instanceof Map) {
            return (Map<String, Object>) v;
        }
        throw new IllegalArgumentException("argument " + index + " is not an object: " + describe(v));
    }

    /**
     * @param index the position, from 0
     * @return the value as a JSON array ({@code null} if absent or null)
     * @throws IllegalArgumentException if it is not an array
     */
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
     * @param index the position, from 0
     * @param type  the type to bind to
     * @param <T>   the type
     * @return the bound value ({@code null} if absent or null)
     * @throws IllegalArgumentException if the value does not fit the type
     */
    public <T> T get(int index, Class<T> type) {
        return Json.convert(get(index), type);
    }

    /**
     * @return all values, as a read-only view
     */
    public List<Object> list() {
        return Collections.unmodifiableList(values);
    }

    /**
     * @return the values as a new array, e.g. to re-emit them: {@code socket.emit("ev", args.toArray())}
     */
    public Object[] toArray() {
        return values.toArray();
    }

    private Number number(int index) {
        Object v = get(index);
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("argument " + index + " is not a number: " + describe(v));
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
