package io.zapsocket.examples.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps that remember at most a given number of entries and forget the oldest (by insertion) beyond it. */
final class Forgetful {
    private Forgetful() {
    }

    /** A {@link LinkedHashMap} (not thread-safe) that keeps at most {@code max} entries. */
    static <K, V> Map<K, V> map(int max) {
        return new LinkedHashMap<>(256, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
