package io.zapsocket.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * One event reported by a remote client: {@code type} is {@code connect}, {@code disconnect}, {@code connect_error},
 * {@code reconnect_attempt}, {@code reconnect}, {@code reconnect_error}, {@code reconnect_failed}, {@code upgrade},
 * {@code open}, {@code close}, {@code packet}, {@code event} (a subscribed event: {@link #name()}, {@link #args()}),
 * {@code any} (from {@code onAny}) or {@code driver_error}.
 */
record DriverEvent(String client, String type, JsonNode body, long receivedNanos) {
    static final String EVENT = "event";

    /** Event name of {@code event}/{@code any} events. */
    String name() {
        return body.path("name").asText(null);
    }

    /** Arguments of {@code event}/{@code any} events. */
    ArrayNode args() {
        JsonNode a = body.get("args");
        return a instanceof ArrayNode array ? array : Json.MAPPER.createArrayNode();
    }

    JsonNode arg(int i) {
        return args().get(i);
    }

    /** A string field of the body, e.g. {@code reason}, {@code message}, {@code id}, {@code transport}. */
    String text(String field) {
        return body.path(field).asText(null);
    }

    JsonNode field(String field) {
        return body.path(field);
    }

    boolean hasAck() {
        return body.path("hasAck").asBoolean(false);
    }

    @Override
    public String toString() {
        return Json.write(body);
    }
}
