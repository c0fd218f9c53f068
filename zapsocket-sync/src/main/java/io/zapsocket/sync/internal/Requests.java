package io.zapsocket.sync.internal;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading and answering the wire requests: field checks with {@link SyncError#BAD_REQUEST}, error answers. */
final class Requests {
    private static final Logger log = LoggerFactory.getLogger(Requests.class);

    private Requests() {
    }

    /** The request object (first argument). */
    static Map<String, Object> body(Args args) {
        if (args.isEmpty() || !(args.get(0) instanceof Map<?, ?>)) {
            throw bad("the request must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) args.get(0);
        return m;
    }

    static String name(Map<String, Object> body, String field, int maxLength) {
        Object v = body.get(field);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw bad("'" + field + "' must be a non-empty string");
        }
        if (s.length() > maxLength) {
            throw new SyncException(SyncError.LIMIT_EXCEEDED, "'" + field + "' is longer than " + maxLength);
        }
        return s;
    }

    static String optionalString(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw bad("'" + field + "' must be a string");
        }
        return s;
    }

    /** A non-negative integer field, or {@code dflt} when absent. */
    static long offset(Map<String, Object> body, String field, long dflt) {
        Object v = body.get(field);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
            throw bad("'" + field + "' must be a non-negative integer");
        }
        return ((Number) v).longValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> optionalObject(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?>)) {
            throw bad("'" + field + "' must be an object");
        }
        return (Map<String, Object>) v;
    }

    /** {@code value} as JSON, at most {@code maxBytes} UTF-8 bytes; binary values are refused. */
    static String json(Object value, int maxBytes, String what) {
        StringBuilder sb = new StringBuilder(64);
        try {
            Json.write(value, sb, (data, out) -> {
                throw bad(what + " must not contain binary data");
            });
        } catch (IllegalArgumentException e) {
            throw bad(what + " is not JSON-serializable: " + e.getMessage());
        }
        String s = sb.toString();
        if (s.length() > maxBytes || s.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new SyncException(SyncError.TOO_LARGE, what + " is larger than " + maxBytes + " bytes");
        }
        return s;
    }

    static SyncException bad(String message) {
        return new SyncException(SyncError.BAD_REQUEST, message);
    }

    /** The error answer {@code {"error":{"code":..,"message":..}}} for a failure (unwrapped). */
    static Map<String, Object> error(String event, Throwable t) {
        Throwable cause = unwrap(t);
        SyncException e;
        if (cause instanceof SyncException se) {
            e = se;
            log.debug("{} refused: {} {}", event, se.error().code(), se.getMessage());
        } else {
            e = new SyncException(SyncError.UNAVAILABLE, "the sync store failed");
            log.warn("{} failed", event, cause);
        }
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", e.error().code());
        err.put("message", e.getMessage());
        return Map.of("error", err);
    }

    static void fail(Ack ack, String event, Throwable t) {
        ack.send(error(event, t));
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
