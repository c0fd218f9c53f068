package io.zapsocket.server.internal.sio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A typed payload that does not bind or is not valid; carries the field errors answered to the client. */
final class InvalidPayloadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String event;
    private final transient List<Map<String, Object>> fields;

    InvalidPayloadException(String event, String message, List<Map<String, Object>> fields, Throwable cause) {
        super(message, cause);
        this.event = event;
        this.fields = List.copyOf(fields);
    }

    String event() {
        return event;
    }

    List<Map<String, Object>> fields() {
        return fields;
    }

    /** {@code {"path":…,"message":…,"constraint":…}}. */
    static Map<String, Object> field(String path, String message, String constraint) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("message", message);
        m.put("constraint", constraint);
        return m;
    }
}
