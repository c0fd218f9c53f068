package io.zapsocket.client.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.zapsocket.protocol.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** The data of a CONNECT packet: recovery {@code pid}/{@code offset} plus the auth fields. */
final class ConnectPayload {
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    private ConnectPayload() {
    }

    /**
     * The CONNECT data, or {@code null} for none.
     *
     * @param auth a map with string keys, or any value {@link Json} converts to one, or {@code null}
     * @throws IllegalArgumentException if {@code auth} is not an object
     */
    static Map<String, Object> of(String pid, String offset, Object auth) {
        if (pid == null && auth == null) {
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        if (pid != null) {
            data.put("pid", pid);
            if (offset != null) {
                data.put("offset", offset);
            }
        }
        if (auth != null) {
            data.putAll(auth instanceof Map<?, ?> m ? castMap(m) : Json.convert(auth, MAP_TYPE));
        }
        return data;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw new IllegalArgumentException("auth keys must be strings: " + k);
            }
        }
        return (Map<String, Object>) m;
    }
}
