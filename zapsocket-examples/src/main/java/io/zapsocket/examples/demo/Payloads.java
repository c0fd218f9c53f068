package io.zapsocket.examples.demo;

import java.util.regex.Pattern;

/**
 * The events the page sends, bound from JSON by the typed handlers, and their checks. A check that fails throws
 * {@link Invalid}; the handler answers it as {@code {ok:false, error:"invalid", message}}. (A payload that does
 * not even bind, e.g. a string where an object is expected, is answered by Zap-Socket itself with
 * {@code {error:"invalid payload", message}}.)
 */
final class Payloads {
    static final int MAX_TODO_TEXT = 200;
    static final int MAX_CHAT_TEXT = 500;
    static final int MAX_NAME = 24;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Payloads() {
    }

    /** {@code todo:create}. */
    record CreateTodo(String opId, String id, String text) {
    }

    /** {@code todo:update}: {@code text} and/or {@code completed}, made on {@code baseVersion}. */
    record UpdateTodo(String opId, String id, Long baseVersion, String text, Boolean completed) {
    }

    /** {@code todo:delete}. */
    record DeleteTodo(String opId, String id) {
    }

    /** {@code chat:send}: {@code id} is chosen by the client, so a resent message is not shown twice. */
    record SendChat(String id, String text) {
    }

    /** {@code dm:send}: a direct message to the user named {@code to}. */
    record SendDm(String to, String text) {
    }

    /** A payload that fails its checks. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    static <T> T present(T payload) {
        if (payload == null) {
            throw new Invalid("missing payload");
        }
        return payload;
    }

    static String id(String value, String field) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new Invalid(field + " must be 1-64 characters of [A-Za-z0-9_-]");
        }
        return value;
    }

    /** Trimmed, 1 to {@code max} characters, no control characters. */
    static String text(String value, String field, int max) {
        if (value == null) {
            throw new Invalid(field + " is missing");
        }
        String t = value.strip();
        if (t.isEmpty() || t.length() > max) {
            throw new Invalid(field + " must have 1 to " + max + " characters");
        }
        for (int i = 0; i < t.length(); i++) {
            if (Character.isISOControl(t.charAt(i))) {
                throw new Invalid(field + " must not contain control characters");
            }
        }
        return t;
    }
}
