package io.zapsocket.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Random;

/**
 * Binary values in the driver protocol. {@code driver.js} reports every Buffer/ArrayBuffer it receives as
 * {@code {"$bin":"<base64>"}} and sends every such object in command args as a Buffer. A {@code byte[]} passed as an
 * argument is encoded this way automatically (see {@link Json#MAPPER}).
 */
final class JsBinary {
    static final String KEY = "$bin";

    private JsBinary() {}

    /** The JSON form of {@code bytes}. */
    static ObjectNode bin(byte[] bytes) {
        ObjectNode node = Json.object();
        node.put(KEY, Base64.getEncoder().encodeToString(bytes));
        return node;
    }

    static boolean isBinary(JsonNode node) {
        return node != null && node.isObject() && node.size() == 1 && node.path(KEY).isTextual();
    }

    /** The bytes of a {@code {"$bin":…}} node; fails if the node is anything else. */
    static byte[] bytes(JsonNode node) {
        if (!isBinary(node)) {
            throw new AssertionError("expected a binary value {\"$bin\":…} but got " + node);
        }
        return Base64.getDecoder().decode(node.get(KEY).asText());
    }

    /** {@code size} reproducible pseudo-random bytes whose first byte is 0x00. */
    static byte[] payload(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        if (size > 0) {
            b[0] = 0;
        }
        return b;
    }
}
