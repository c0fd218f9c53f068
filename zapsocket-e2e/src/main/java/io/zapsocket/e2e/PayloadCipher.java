package io.zapsocket.e2e;

import io.zapsocket.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals event payloads into end-to-end encrypted envelopes and opens them, with the keys of a {@link RoomKeyring}:
 * the server (and any adapter or broker between) relays an envelope like any other argument and never needs a key.
 *
 * <pre>{@code
 * RoomKeyring keys = new RoomKeyring().add("secret-room", "k1", keyFromYourKeyService);
 * PayloadCipher cipher = new PayloadCipher(keys);
 * socket.emit("relay", "secret-room", cipher.seal("secret-room", Map.of("text", "hi")));
 * socket.on("msg", args -> Object value = cipher.open("secret-room", args.get(0)));
 * }</pre>
 *
 * <p><b>Envelope</b> (version 1), an object the Socket.IO parser carries with binary attachments:
 * {@code {"zap-e2e": 1, "kid": "<key id>", "t": "json" | "bin", "iv": <12 bytes>, "ct": <bytes>}}. {@code t} is
 * {@code json} for any JSON value (its UTF-8 JSON text is encrypted) and {@code bin} for a binary value (its bytes).
 * The cipher is AES-256-GCM with a random 96-bit IV and a 128-bit tag appended to {@code ct} (WebCrypto's layout);
 * the additional authenticated data is the UTF-8 of {@code "zap-e2e/1\n" + room + "\n" + kid + "\n" + t}, so an
 * envelope replayed into another room, relabelled with another key id or type, or altered in any bit fails to open
 * ({@link E2eException.Reason#TAMPERED}). With random IVs a key should seal fewer than 2<sup>32</sup> messages:
 * rotate keys ({@link RoomKeyring#add}) long before.
 *
 * <p>Thread-safe. {@code zap-e2e.js} in this jar does the same in browsers.
 *
 * @since 0.1.0
 */
public final class PayloadCipher {
    /** The envelope's version field name, and the only version written and read. */
    public static final String VERSION_FIELD = "zap-e2e";

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoomKeyring keyring;

    public PayloadCipher(RoomKeyring keyring) {
        this.keyring = Objects.requireNonNull(keyring, "keyring");
    }

    /**
     * Seals {@code value} (JSON values, maps, lists, records as Jackson writes them; or a {@code byte[]}) with the
     * room's current key.
     *
     * @throws E2eException ({@link E2eException.Reason#UNKNOWN_KEY}) when the room has no key
     */
    public Map<String, Object> seal(String room, Object value) {
        Objects.requireNonNull(room, "room");
        String kid = keyring.currentKeyId(room).orElseThrow(() -> new E2eException(E2eException.Reason.UNKNOWN_KEY,
                "no end-to-end key for room " + room));
        SecretKey key = keyring.key(room, kid);
        if (key == null) { // removed between the two reads
            throw new E2eException(E2eException.Reason.UNKNOWN_KEY, "no end-to-end key for room " + room);
        }
        boolean binary = value instanceof byte[];
        String type = binary ? "bin" : "json";
        byte[] plain = binary ? (byte[]) value : Json.stringify(value).getBytes(StandardCharsets.UTF_8);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] ct = crypt(Cipher.ENCRYPT_MODE, key, iv, aad(room, kid, type), plain);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put(VERSION_FIELD, 1);
        envelope.put("kid", kid);
        envelope.put("t", type);
        envelope.put("iv", iv);
        envelope.put("ct", ct);
        return envelope;
    }

    /**
     * Opens an envelope sealed for {@code room}: the JSON value as {@code Json.parse} gives it (maps, lists,
     * strings, numbers, booleans, {@code null}), or a {@code byte[]} for a binary one.
     *
     * @throws E2eException {@link E2eException.Reason#MALFORMED} for anything but an envelope,
     *     {@link E2eException.Reason#UNKNOWN_KEY} for a key id the room does not have,
     *     {@link E2eException.Reason#TAMPERED} when authentication fails
     */
    public Object open(String room, Object envelope) {
        Objects.requireNonNull(room, "room");
        if (!(envelope instanceof Map<?, ?> m) || !Integer.valueOf(1).equals(asInt(m.get(VERSION_FIELD)))
                || !(m.get("kid") instanceof String kid) || !(m.get("t") instanceof String type)
                || !(type.equals("json") || type.equals("bin")) || !(m.get("iv") instanceof byte[] iv)
                || iv.length != IV_BYTES || !(m.get("ct") instanceof byte[] ct) || ct.length < TAG_BITS / 8) {
            throw new E2eException(E2eException.Reason.MALFORMED, "not a version-1 end-to-end envelope");
        }
        SecretKey key = keyring.key(room, kid);
        if (key == null) {
            throw new E2eException(E2eException.Reason.UNKNOWN_KEY, "room " + room + " has no key " + kid);
        }
        byte[] plain = crypt(Cipher.DECRYPT_MODE, key, iv, aad(room, kid, type), ct);
        if (type.equals("bin")) {
            return plain;
        }
        try {
            return Json.parse(new String(plain, StandardCharsets.UTF_8));
        } catch (RuntimeException e) { // authentic but not JSON: a peer bug, not an attack
            throw new E2eException(E2eException.Reason.MALFORMED, "the sealed JSON does not parse");
        }
    }

    /** {@link #open(String, Object)}, then binds the value to {@code type} as {@code Json.convert} does. */
    public <T> T open(String room, Object envelope, Class<T> type) {
        return Json.convert(open(room, envelope), type);
    }

    /** Whether {@code value} looks like an envelope (does not check it opens). */
    public static boolean isEnvelope(Object value) {
        return value instanceof Map<?, ?> m && m.containsKey(VERSION_FIELD) && m.containsKey("ct");
    }

    private static Integer asInt(Object v) {
        return v instanceof Number n && n.doubleValue() == n.intValue() ? n.intValue() : null;
    }

    private static byte[] aad(String room, String kid, String type) {
        return ("zap-e2e/1\n" + room + "\n" + kid + "\n" + type).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] iv, byte[] aad, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad);
            return c.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new E2eException(E2eException.Reason.TAMPERED, "the envelope does not authenticate");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every JDK", e);
        }
    }
}
