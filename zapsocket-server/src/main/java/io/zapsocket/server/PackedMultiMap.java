package io.zapsocket.server;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable multi-map of strings ({@code name → values}) packed into one string and one {@code int[]}: the
 * request headers and query parameters that {@link RequestInfo} and {@link Handshake} keep for the whole life of a
 * connection. A {@code TreeMap} of lists holding the same five headers of a typical WebSocket handshake takes about
 * 1.2 KB (entries, lists, one {@code String} and one {@code byte[]} per name and value); packed, about 250 bytes.
 *
 * <p>Lookups scan the keys (a request has a few dozen headers at most, bounded by the 16 KiB header limit) and
 * compare in place, without allocating; {@link #get} builds the value list it returns. Views ({@link #entrySet()},
 * {@link #keySet()}) are built on demand and are unmodifiable, as is the map itself.
 *
 * <p>Layout: {@code packed} is every key and value concatenated; {@code ends} holds, per key, the end of the key in
 * {@code packed}, the number of its values, then the end of each value (each string starts where the previous one
 * ended).
 *
 * <p>Thread-safe (immutable).
 */
final class PackedMultiMap extends AbstractMap<String, List<String>> {
    private static final PackedMultiMap EMPTY_ORDERED = new PackedMultiMap("", new int[0], false);

    private final String packed;
    private final int[] ends;
    private final boolean ignoreCase;

    private PackedMultiMap(String packed, int[] ends, boolean ignoreCase) {
        this.packed = packed;
        this.ends = ends;
        this.ignoreCase = ignoreCase;
    }

    /**
     * A copy of {@code map} whose keys compare case-insensitively and iterate in {@code String.CASE_INSENSITIVE_ORDER}
     * (as a {@code TreeMap} with that comparator): keys that differ only in case are merged, the first one seen is
     * kept and the values are concatenated in iteration order.
     *
     * @throws NullPointerException if a key, a value list or a value is {@code null}
     */
    static PackedMultiMap caseInsensitive(Map<String, ? extends List<String>> map) {
        TreeMap<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        map.forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return pack(merged, true);
    }

    /**
     * A copy of {@code map} with its keys in the same order, compared exactly.
     *
     * @throws NullPointerException if a key, a value list or a value is {@code null}
     */
    static PackedMultiMap ordered(Map<String, ? extends List<String>> map) {
        return map.isEmpty() ? EMPTY_ORDERED : pack(map, false);
    }

    private static PackedMultiMap pack(Map<String, ? extends List<String>> map, boolean ignoreCase) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (List<String> values : map.values()) {
            n += 2 + values.size();
        }
        int[] ends = new int[n];
        int i = 0;
        for (Map.Entry<String, ? extends List<String>> e : map.entrySet()) {
            sb.append(requireNonNull(e.getKey(), "key"));
            ends[i++] = sb.length();
            ends[i++] = e.getValue().size();
            for (String v : e.getValue()) {
                sb.append(requireNonNull(v, "value"));
                ends[i++] = sb.length();
            }
        }
        return new PackedMultiMap(sb.toString(), ends, ignoreCase);
    }

    private static String requireNonNull(String s, String what) {
        if (s == null) {
            throw new NullPointerException("null " + what);
        }
        return s;
    }

    /** The index in {@code ends} of {@code key}'s record, or -1. */
    private int find(Object key) {
        if (!(key instanceof String k)) {
            return -1;
        }
        int start = 0;
        for (int i = 0; i < ends.length; ) {
            int end = ends[i];
            int count = ends[i + 1];
            if (end - start == k.length() && packed.regionMatches(ignoreCase, start, k, 0, k.length())) {
                return i;
            }
            start = count == 0 ? end : ends[i + 1 + count];
            i += 2 + count;
        }
        return -1;
    }

    /** The values of the record at {@code i}, the key ending at {@code ends[i]}. */
    private List<String> values(int i) {
        int count = ends[i + 1];
        String[] values = new String[count];
        int start = ends[i];
        for (int v = 0; v < count; v++) {
            int end = ends[i + 2 + v];
            values[v] = packed.substring(start, end);
            start = end;
        }
        return List.of(values);
    }

    @Override
    public List<String> get(Object key) {
        int i = find(key);
        return i < 0 ? null : values(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    public int size() {
        int n = 0;
        for (int i = 0; i < ends.length; i += 2 + ends[i + 1]) {
            n++;
        }
        return n;
    }

    @Override
    public boolean isEmpty() {
        return ends.length == 0;
    }

    @Override
    public Set<Map.Entry<String, List<String>>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, List<String>>> iterator() {
                return new Iterator<>() {
                    private int i;
                    private int start;

                    @Override
                    public boolean hasNext() {
                        return i < ends.length;
                    }

                    @Override
                    public Map.Entry<String, List<String>> next() {
                        if (i >= ends.length) {
                            throw new NoSuchElementException();
                        }
                        int count = ends[i + 1];
                        Map.Entry<String, List<String>> e = new AbstractMap.SimpleImmutableEntry<>(
                                packed.substring(start, ends[i]), values(i));
                        start = count == 0 ? ends[i] : ends[i + 1 + count];
                        i += 2 + count;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return PackedMultiMap.this.size();
            }
        };
    }
}
