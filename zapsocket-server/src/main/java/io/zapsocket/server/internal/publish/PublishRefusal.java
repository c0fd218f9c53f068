package io.zapsocket.server.internal.publish;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A publish request the API refuses, with its HTTP status and the {@code error} code of the JSON answer
 * {@code {"error": code, "message": text}} (documented in the README's publish API section).
 */
final class PublishRefusal extends Exception {
    private final HttpResponseStatus status;
    private final String code;

    PublishRefusal(HttpResponseStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static PublishRefusal badRequest(String message) {
        return new PublishRefusal(HttpResponseStatus.BAD_REQUEST, "bad_request", message);
    }

    HttpResponseStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
