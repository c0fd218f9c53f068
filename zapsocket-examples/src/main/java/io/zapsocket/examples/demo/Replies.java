package io.zapsocket.examples.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/** Acknowledgement payloads: {@code {ok:true, ...}} or {@code {ok:false, error, message, ...}}. */
final class Replies {
    private Replies() {
    }

    static Map<String, Object> ok(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        m.put(key, value);
        return m;
    }

    static Map<String, Object> error(String error, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", false);
        m.put("error", error);
        m.put("message", message);
        return m;
    }

    static Map<String, Object> error(String error, String message, String key, Object value) {
        Map<String, Object> m = error(error, message);
        m.put(key, value);
        return m;
    }
}
