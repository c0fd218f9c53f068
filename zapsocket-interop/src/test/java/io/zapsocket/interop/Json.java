package io.zapsocket.interop;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** JSON of the driver protocol: a Jackson mapper that writes {@code byte[]} as {@code {"$bin":"<base64>"}}. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule("js-binary")
            .addSerializer(byte[].class, new StdSerializer<>(byte[].class) {
                @Override
                public void serialize(byte[] value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                    gen.writeStartObject();
                    gen.writeStringField(JsBinary.KEY, Base64.getEncoder().encodeToString(value));
                    gen.writeEndObject();
                }
            }));

    private Json() {}

    /** Any Java value (maps, lists, arrays, records, {@code byte[]}, {@link JsonNode}) as a JSON tree. */
    static JsonNode tree(Object value) {
        return value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
    }

    static ArrayNode array(Object... values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Object v : values) {
            a.add(tree(v));
        }
        return a;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
