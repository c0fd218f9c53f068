package io.zapsocket.server.internal.sio;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapsocket.server.ServerOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the first argument of an event to a typed handler's type with the application's mapper
 * ({@link ServerOptions#objectMapper()}) and validates the result with Jakarta Bean Validation when it is available
 * ({@link ServerOptions#validatePayloads()}). One per server; thread-safe.
 *
 * <p>The validator is looked up on first use: {@code jakarta.validation} may be absent (an optional dependency), or
 * present without a provider; either way validation is then off, said once at INFO.
 */
final class TypedPayloads {
    private static final Logger log = LoggerFactory.getLogger(TypedPayloads.class);
    private static final Object NONE = new Object();

    private final ObjectMapper mapper;
    private final boolean validate;
    /** {@code null} until first use, then a {@link BeanValidation} or {@link #NONE}. */
    private volatile Object validator;

    TypedPayloads(ServerOptions options) {
        this.mapper = options.objectMapper();
        this.validate = options.validatePayloads();
    }

    /**
     * @return the bound, valid payload ({@code null} if the argument is {@code null} or missing)
     * @throws InvalidPayloadException with the answer for the client when it does not bind or is not valid
     */
    <T> T bind(String event, Object value, Class<T> type) {
        T payload;
        try {
            payload = mapper.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            List<Map<String, Object>> fields = new ArrayList<>();
            Throwable cause = e.getCause();
            if (cause instanceof JsonMappingException jme) {
                fields.add(InvalidPayloadException.field(path(jme), jme.getOriginalMessage(), "type"));
            }
            throw new InvalidPayloadException(event, "cannot bind to " + type.getSimpleName(), fields, e);
        }
        if (payload != null && validate) {
            Object v = validator();
            if (v instanceof BeanValidation bv) {
                List<Map<String, Object>> violations = bv.violations(payload);
                if (!violations.isEmpty()) {
                    throw new InvalidPayloadException(event, violations.size() + " constraint violation"
                            + (violations.size() == 1 ? "" : "s"), violations, null);
                }
            }
        }
        return payload;
    }

    private Object validator() {
        Object v = validator;
        if (v == null) {
            synchronized (this) {
                v = validator;
                if (v == null) {
                    v = lookUp();
                    validator = v;
                }
            }
        }
        return v;
    }

    private static Object lookUp() {
        try {
            Class.forName("jakarta.validation.Validation", false, TypedPayloads.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            log.debug("jakarta.validation is not available: typed payloads are not validated");
            return NONE;
        }
        try {
            return BeanValidation.create();
        } catch (RuntimeException | LinkageError e) {
            log.info("Bean Validation is on the class path but has no usable provider ({}): typed payloads are not"
                    + " validated", e.toString());
            return NONE;
        }
    }

    /** {@code title}, {@code items[2].name}; empty for the payload itself. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The answer's JSON shape, as documented on {@link ServerOptions#INVALID_PAYLOAD_EVENT}. */
    static Map<String, Object> answer(InvalidPayloadException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", "invalid payload");
        m.put("event", e.event());
        m.put("message", e.getMessage());
        m.put("fields", e.fields());
        return m;
    }
}
