package io.zapsocket.examples.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Acknowledgement payloads: {@code {ok:true, ...}} or {@code {ok:false, error, message, ...}}. */
final class Replies {
    private static final Logger log = LoggerFactory.getLogger(Replies.class);

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

    /**
     * {@code {ok:false, error:"unavailable"}}: the state could not be read or changed (the store, e.g. Redis, failed
     * or timed out); the page keeps the operation and sends it again. The cause is logged, not sent.
     */
    static Map<String, Object> unavailable(String what, Throwable cause) {
        log.warn("{} failed: {}", what, cause(cause).toString());
        return error("unavailable", "the server cannot reach its store right now; retrying");
    }

    /** The cause of an asynchronous failure (without its CompletionException / ExecutionException wrappers). */
    static Throwable cause(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
