package io.zapsocket.protocol.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.zapsocket.protocol.ProtocolException;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * JSON exactly as JavaScript's {@code JSON.stringify} / {@code JSON.parse} do it, for Java values.
 *
 * <p><b>The JS-compat contract.</b> The Socket.IO conformance suites compare packets byte for byte, so
 * {@link #stringify} produces what Node would produce for the equivalent JavaScript value:
 * <ul>
 *   <li>compact output; {@link java.util.Map} keys in iteration order ({@link #parse} returns
 *       {@link java.util.LinkedHashMap}s), keys written with {@code String.valueOf} (numeric keys formatted as
 *       JavaScript numbers); {@code null} map values are written as {@code null} (JavaScript would drop
 *       {@code undefined});</li>
 *   <li>strings escaped as ES2019 well-formed {@code JSON.stringify} does: {@code \" \\ \b \f \n \r \t}, other
 *       characters below U+0020 and lone surrogates as lowercase {@code \}{@code u00xx}; everything else (including
 *       {@code /}, non-ASCII, U+2028/U+2029) raw;</li>
 *   <li>integers ({@code Byte/Short/Integer/Long/BigInteger}) as plain digits; {@code Float}, {@code Double},
 *       {@code BigDecimal} and other numbers converted to {@code double} and printed by ECMAScript
 *       {@code Number::toString} with the shortest round-trip digits ({@code 1}, {@code 0.30000000000000004},
 *       {@code 1e+21}, {@code 1e-7}, {@code 5e-324}); {@code -0.0} as {@code 0}; NaN and infinities as
 *       {@code null};</li>
 *   <li>{@code Boolean}; {@code CharSequence}; {@code Character} and {@code Enum} (its {@code name()}) as strings;
 *       {@code Iterable}s, {@code Object[]} and primitive arrays (except {@code byte[]}) as arrays;
 *       {@code Optional} as its value or {@code null}; {@link Instant} and {@link Date} as {@code Date.toJSON()}
 *       ({@code 2024-01-31T12:00:00.000Z}, {@code null} outside the JavaScript date range); Jackson
 *       {@link com.fasterxml.jackson.databind.JsonNode} trees as themselves;</li>
 *   <li>{@code byte[]} and {@link java.nio.ByteBuffer} (position to limit) as Node's {@code Buffer.toJSON()} form
 *       {@code {"type":"Buffer","data":[1,2,3]}}, unless a {@link BinaryHandler} is given (the Socket.IO encoder
 *       uses one to turn them into attachment placeholders);</li>
 *   <li>anything else (records, POJOs) through the shared {@link #mapper()} into a token buffer whose tokens are
 *       re-written by the rules above, so Jackson annotations apply but formatting stays JavaScript's.</li>
 * </ul>
 * Nesting deeper than 1000 levels (typically a circular structure) is an {@link IllegalArgumentException}, as is an
 * object Jackson cannot serialize.
 *
 * <p>{@link #parse} is strict RFC 8259 like {@code JSON.parse} (no comments, no trailing commas, no leading zeros,
 * no NaN, no trailing garbage) and returns {@code LinkedHashMap<String,Object>}, {@code ArrayList<Object>},
 * {@code String}, {@code Boolean}, {@code null}, {@code Integer} / {@code Long} for integers that fit, else
 * {@code Double}. Object keys follow JavaScript's own-property order (array-index keys such as {@code "2"} first,
 * ascending; duplicate keys: last value wins, first position kept), so {@code stringify(parse(s))} equals Node's
 * {@code JSON.stringify(JSON.parse(s))}; the one known exception is a {@code Long} beyond 2<sup>53</sup>, which keeps
 * its exact digits instead of being rounded to a double. Any malformed input is a {@link ProtocolException}
 * carrying Jackson's exception as its cause; nesting is limited to 1000 levels.
 *
 * <p>All methods are static and thread-safe.
 *
 * @since 0.1
 */
public final class Json {

    /**
     * Writes a binary value ({@code byte[]}, or a copy of a {@code ByteBuffer}'s remaining bytes) in place of the
     * {@code Buffer.toJSON()} form. Called in document (depth-first) order; must append exactly one JSON value.
     */
    @FunctionalInterface
    public interface BinaryHandler {
        /**
         * @param data the bytes, not copied for {@code byte[]} values; never {@code null}
         * @param out the JSON being written, to append the replacement value to
         */
        void write(byte[] data, StringBuilder out);
    }

    private Json() {
    }

    /**
     * {@code JSON.stringify(value)} for a Java value, per the class contract.
     *
     * @param value any value, may be {@code null} (gives {@code "null"})
     * @return the compact JSON text
     * @throws IllegalArgumentException for a circular/too deep structure or a value Jackson cannot serialize
     */
    public static String stringify(Object value) {
        StringBuilder sb = new StringBuilder(64);
        JsonWriter.write(value, sb, null, 0);
        return sb.toString();
    }

    /**
     * Appends {@code JSON.stringify(value)} to {@code out}. On exception, {@code out} may hold a partial value.
     *
     * @param value any value, may be {@code null}
     * @param out the builder to append to, not {@code null}
     * @throws IllegalArgumentException for a circular/too deep structure or a value Jackson cannot serialize
     */
    public static void write(Object value, StringBuilder out) {
        JsonWriter.write(value, out, null, 0);
    }

    /**
     * Like {@link #write(Object, StringBuilder)}, but every {@code byte[]} / {@code ByteBuffer} found anywhere in
     * {@code value} (including fields of POJOs serialized by Jackson) is handed to {@code binaries}, which writes
     * its replacement.
     *
     * @param value any value, may be {@code null}
     * @param out the builder to append to, not {@code null}
     * @param binaries the replacement writer, or {@code null} for the {@code Buffer.toJSON()} form
     * @throws IllegalArgumentException for a circular/too deep structure or a value Jackson cannot serialize
     */
    public static void write(Object value, StringBuilder out, BinaryHandler binaries) {
        JsonWriter.write(value, out, binaries, 0);
    }

    /**
     * {@code JSON.parse(json)} into plain Java values (see the class contract).
     *
     * @param json the text, not {@code null}
     * @return the value, {@code null} for the JSON literal {@code null}
     * @throws ProtocolException if {@code json} is not exactly one valid JSON value (surrounding whitespace allowed)
     */
    public static Object parse(String json) {
        return JsonReader.parse(json, 0);
    }

    /**
     * {@code JSON.parse(s.substring(offset))}, without copying the substring.
     *
     * @param s the text, not {@code null}
     * @param offset where the JSON starts, {@code 0 <= offset <= s.length()}
     * @return the value, {@code null} for the JSON literal {@code null}
     * @throws ProtocolException if the rest of {@code s} is not exactly one valid JSON value
     * @throws IndexOutOfBoundsException if {@code offset} is out of range
     */
    public static Object parse(String s, int offset) {
        return JsonReader.parse(s, offset);
    }

    /**
     * Binds a decoded value (maps, lists, scalars, {@code byte[]} attachments) to {@code type} with the shared
     * mapper; unknown properties are ignored.
     *
     * @param value the value, may be {@code null} (result is then {@code null})
     * @param type the target type, not {@code null}
     * @param <T> the target type
     * @return the bound value
     * @throws IllegalArgumentException if the value does not fit the type (the Jackson exception is the cause)
     */
    public static <T> T convert(Object value, Class<T> type) {
        try {
            return mapper().convertValue(value, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot convert to " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Generic variant of {@link #convert(Object, Class)}, e.g. {@code new TypeReference<List<Point>>() {}}.
     *
     * @param value the value, may be {@code null} (result is then {@code null})
     * @param type the target type, not {@code null}
     * @param <T> the target type
     * @return the bound value
     * @throws IllegalArgumentException if the value does not fit the type (the Jackson exception is the cause)
     */
    public static <T> T convert(Object value, TypeReference<T> type) {
        try {
            return mapper().convertValue(value, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot convert to " + type.getType() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The shared mapper used for POJOs/records in {@link #stringify} and for {@link #convert}. Configured with
     * {@code FAIL_ON_UNKNOWN_PROPERTIES} and {@code FAIL_ON_EMPTY_BEANS} off, {@link Instant}/{@link Date}
     * (de)serializers using the {@code Date.toJSON()} format (no {@code JavaTimeModule} needed) and an
     * {@link Optional} serializer (value or {@code null}; deserializing {@code Optional} fields would need
     * jackson-datatype-jdk8). Other code may use
     * it to read/write application types, but must <b>not reconfigure it</b> (register modules, change features)
     * after first use: Jackson does not support that safely and it would change the wire format.
     *
     * @return the process-wide mapper
     */
    public static ObjectMapper mapper() {
        return MapperHolder.MAPPER;
    }

    private static final class MapperHolder {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(jsDates())
                .build();
    }

    private static SimpleModule jsDates() {
        SimpleModule m = new SimpleModule("zapsocket-js-dates");
        m.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator g, SerializerProvider p) throws IOException {
                String iso = JsonWriter.isoString(value);
                if (iso == null) {
                    g.writeNull();
                } else {
                    g.writeString(iso);
                }
            }
        });
        m.addSerializer(Date.class, new StdSerializer<>(Date.class) {
            @Override
            public void serialize(Date value, JsonGenerator g, SerializerProvider p) throws IOException {
                String iso = JsonWriter.isoString(value.getTime());
                if (iso == null) {
                    g.writeNull();
                } else {
                    g.writeString(iso);
                }
            }
        });
        // Without jackson-datatype-jdk8 Jackson refuses Optional fields; write them as JSON.stringify would write
        // the value or null (reading Optional fields still needs that module).
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Optional<?>> optional = (Class) Optional.class;
        m.addSerializer(optional, new StdSerializer<>(optional) {
            @Override
            public void serialize(Optional<?> value, JsonGenerator g, SerializerProvider p) throws IOException {
                if (value.isPresent()) {
                    p.defaultSerializeValue(value.get(), g);
                } else {
                    g.writeNull();
                }
            }
        });
        m.addDeserializer(Instant.class, new StdScalarDeserializer<>(Instant.class) {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonToken t = p.currentToken();
                if (t == JsonToken.VALUE_STRING) {
                    try {
                        return Instant.parse(p.getText().trim());
                    } catch (DateTimeException e) {
                        return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(),
                                "not an ISO-8601 instant");
                    }
                }
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    return Instant.ofEpochMilli(p.getValueAsLong()); // JavaScript time values are milliseconds
                }
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
        });
        return m;
    }
}
