package io.zapsocket.server.internal.publish;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.server.BroadcastOperator;
import io.zapsocket.server.Namespace;
import io.zapsocket.server.PublishApiOptions;
import io.zapsocket.server.internal.engine.KeyedRateLimiter;
import io.zapsocket.server.internal.transport.HttpExchange;
import io.zapsocket.server.internal.transport.HttpRoute;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST path} (one message) and {@code POST path/batch} (a JSON array of messages): checks the method, the
 * content type, the key (constant time) and the key's rate before it reads the body (bounded), then parses and checks
 * every message before it emits any (a batch is all or nothing), then emits each through the namespace's broadcast
 * operator, so the message reaches every node of a cluster. Answers {@code 200 {"published": n}} or a JSON error.
 */
public final class PublishRoute implements HttpRoute {
    private static final Logger log = LoggerFactory.getLogger(PublishRoute.class);
    private static final String JSON = "application/json";

    private final PublishApiOptions options;
    private final Function<String, Namespace> namespaces;
    private final PublishKeys keys;
    private final KeyedRateLimiter<Integer> rateLimiter;

    /**
     * @param namespaces finds an existing namespace by name, {@code null} when there is none (the API never creates
     *     one)
     */
    public PublishRoute(PublishApiOptions options, Function<String, Namespace> namespaces) {
        this.options = options;
        this.namespaces = namespaces;
        this.keys = new PublishKeys(options.apiKeys());
        this.rateLimiter = options.rateLimit() == null ? null : new KeyedRateLimiter<>(options.rateLimit());
    }

    @Override
    public void handle(HttpExchange ex) {
        boolean batch = ex.path().equals(options.path() + "/batch");
        try {
            checkRequest(ex);
        } catch (PublishRefusal r) {
            refuse(ex, r);
            return;
        }
        ex.readBody(options.maxBodyBytes(), new HttpExchange.BodyHandler() {
            @Override
            public void onBody(byte[] body) {
                try {
                    List<PublishMessage> messages = parse(body, batch);
                    checkNamespaces(messages);
                    for (PublishMessage m : messages) {
                        emit(m);
                    }
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("published", messages.size());
                    ex.respond(HttpResponseStatus.OK, JSON, Json.stringify(answer).getBytes(StandardCharsets.UTF_8));
                } catch (PublishRefusal r) {
                    refuse(ex, r);
                }
            }

            @Override
            public void onTooLarge() {
                refuse(ex, new PublishRefusal(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                        "the body is larger than " + options.maxBodyBytes() + " bytes"));
            }

            @Override
            public void onAborted() {
                log.debug("publish API: {} closed the connection before the body was complete", ex.remoteAddress());
            }
        });
    }

    private void checkRequest(HttpExchange ex) throws PublishRefusal {
        if (!HttpMethod.POST.equals(ex.method())) {
            throw new PublishRefusal(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "the publish API takes POST");
        }
        String type = ex.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).split(";", 2)[0].trim().equals(JSON)) {
            throw new PublishRefusal(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "the body must be application/json");
        }
        String key = key(ex.headers());
        int index = key == null ? -1 : keys.match(key);
        if (index < 0) {
            log.info("publish API: refused a request from {} with {} API key", ex.remoteAddress(),
                    key == null ? "no" : "a wrong");
            throw new PublishRefusal(HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                    key == null ? "no API key (Authorization: Bearer <key> or X-Api-Key)" : "wrong API key");
        }
        if (rateLimiter != null && !rateLimiter.tryAcquire(index, System.nanoTime())) {
            log.debug("publish API: rate limit reached for key #{} ({})", index, ex.remoteAddress());
            throw new PublishRefusal(HttpResponseStatus.TOO_MANY_REQUESTS, "too_many_requests",
                    "rate limit of " + options.rateLimit() + " reached");
        }
    }

    private static String key(HttpHeaders headers) {
        String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return headers.get("X-Api-Key");
    }

    private List<PublishMessage> parse(byte[] body, boolean batch) throws PublishRefusal {
        Object value;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            value = Json.parse(text);
        } catch (CharacterCodingException | ProtocolException e) {
            throw new PublishRefusal(HttpResponseStatus.BAD_REQUEST, "invalid_json",
                    "the body is not valid UTF-8 JSON: " + e.getMessage());
        }
        if (!batch) {
            return List.of(PublishMessage.parse(value, -1, options.maxRoomsPerMessage()));
        }
        if (!(value instanceof List<?> list)) {
            throw PublishRefusal.badRequest("a batch is a JSON array of messages");
        }
        if (list.isEmpty() || list.size() > options.maxBatchSize()) {
            throw new PublishRefusal(HttpResponseStatus.BAD_REQUEST, list.isEmpty() ? "bad_request" : "batch_too_large",
                    "a batch holds 1 to " + options.maxBatchSize() + " messages, not " + list.size());
        }
        List<PublishMessage> messages = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            messages.add(PublishMessage.parse(list.get(i), i, options.maxRoomsPerMessage()));
        }
        return messages;
    }

    private void checkNamespaces(List<PublishMessage> messages) throws PublishRefusal {
        for (PublishMessage m : messages) {
            if (!options.namespaces().isEmpty() && !options.namespaces().contains(m.namespace())) {
                throw new PublishRefusal(HttpResponseStatus.FORBIDDEN, "forbidden",
                        "the API keys may not publish to " + m.namespace());
            }
            if (namespaces.apply(m.namespace()) == null) {
                throw new PublishRefusal(HttpResponseStatus.NOT_FOUND, "unknown_namespace",
                        "no namespace " + m.namespace());
            }
        }
    }

    private void emit(PublishMessage m) throws PublishRefusal {
        BroadcastOperator op = namespaces.apply(m.namespace()).to(m.rooms()).except(m.except()).compress(m.compress());
        if (m.isVolatile()) {
            op = op.asVolatile();
        }
        try {
            op.emit(m.event(), m.args().toArray());
        } catch (IllegalArgumentException e) { // e.g. a value the encoder refuses
            throw PublishRefusal.badRequest(e.getMessage());
        }
    }

    private void refuse(HttpExchange ex, PublishRefusal r) {
        if (r.status() == HttpResponseStatus.BAD_REQUEST || r.status() == HttpResponseStatus.NOT_FOUND) {
            log.debug("publish API: {} from {}: {}", r.status().code(), ex.remoteAddress(), r.getMessage());
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        if (r.status() == HttpResponseStatus.TOO_MANY_REQUESTS) {
            long seconds = Math.max(1, options.rateLimit().per().toSeconds() / options.rateLimit().permits());
            headers.set(HttpHeaderNames.RETRY_AFTER, seconds);
        } else if (r.status() == HttpResponseStatus.METHOD_NOT_ALLOWED) {
            headers.set(HttpHeaderNames.ALLOW, "POST");
        }
        ex.respondJsonError(r.status(), r.code(), r.getMessage(), headers);
    }
}
