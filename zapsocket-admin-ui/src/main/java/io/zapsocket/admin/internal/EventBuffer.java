package io.zapsocket.admin.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregated events the UI charts: counts per second, type and sub-type ({@code rawConnection},
 * {@code rawDisconnection} by reason, {@code packetsIn}, {@code packetsOut}), emptied at every stats emission. At
 * most one entry per (second, type, sub-type); sub-types are a closed set, so the buffer is bounded per interval.
 */
public final class EventBuffer {
    private final Map<String, Map<String, Object>> buffer = new LinkedHashMap<>();

    public synchronized void push(String type, String subType, long count, long nowMillis) {
        long second = nowMillis - nowMillis % 1000;
        String key = second + ";" + type + ";" + subType;
        Map<String, Object> e = buffer.get(key);
        if (e == null) {
            e = new LinkedHashMap<>();
            e.put("timestamp", second);
            e.put("type", type);
            if (subType != null) {
                e.put("subType", subType);
            }
            e.put("count", count);
            buffer.put(key, e);
        } else {
            e.put("count", (Long) e.get("count") + count);
        }
    }

    public synchronized List<Map<String, Object>> drain() {
        List<Map<String, Object>> values = new ArrayList<>(buffer.values());
        buffer.clear();
        return values;
    }
}
