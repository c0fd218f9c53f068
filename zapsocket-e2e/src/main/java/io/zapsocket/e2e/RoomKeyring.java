package io.zapsocket.e2e;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The application's end-to-end keys, per room: each room has keys named by a key id, and a current one that
 * {@link PayloadCipher#seal} uses. Rotation: {@link #add} a new key (it becomes current) while the old one still
 * opens what was sealed with it, then {@link #remove} the old one. The keys never go to the server: the application
 * hands them to its clients its own way (a key service, a key exchange, out of band).
 *
 * <p>Thread-safe. Keys are AES-256 (32 bytes, {@link #generateKey()}); the keyring copies what it is given.
 *
 * @since 0.1.0
 */
public final class RoomKeyring {
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Keys(String current, Map<String, SecretKey> byId) {
    }

    private final ConcurrentHashMap<String, Keys> rooms = new ConcurrentHashMap<>();

    /** A new random 32-byte AES-256 key. */
    public static byte[] generateKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /**
     * Adds {@code key} to {@code room} under {@code kid} and makes it the room's current key.
     *
     * @throws IllegalArgumentException unless the key has 32 bytes and the key id is 1 to 64 characters
     */
    public RoomKeyring add(String room, String kid, byte[] key) {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(key, "key");
        if (key.length != 32) {
            throw new IllegalArgumentException("an end-to-end key is 32 bytes (AES-256), not " + key.length);
        }
        if (kid.isEmpty() || kid.length() > 64) {
            throw new IllegalArgumentException("a key id has 1 to 64 characters");
        }
        SecretKey secret = new SecretKeySpec(Arrays.copyOf(key, key.length), "AES");
        rooms.compute(room, (r, keys) -> {
            Map<String, SecretKey> byId = new LinkedHashMap<>(keys == null ? Map.of() : keys.byId());
            byId.put(kid, secret);
            return new Keys(kid, Map.copyOf(byId));
        });
        return this;
    }

    /** Forgets key {@code kid} of {@code room}: what was sealed with it no longer opens. */
    public RoomKeyring remove(String room, String kid) {
        rooms.computeIfPresent(room, (r, keys) -> {
            Map<String, SecretKey> byId = new LinkedHashMap<>(keys.byId());
            byId.remove(kid);
            if (byId.isEmpty()) {
                return null;
            }
            String current = byId.containsKey(keys.current()) ? keys.current() : byId.keySet().iterator().next();
            return new Keys(current, Map.copyOf(byId));
        });
        return this;
    }

    /** The key id {@link PayloadCipher#seal} uses for {@code room}, if the room has a key. */
    public Optional<String> currentKeyId(String room) {
        Keys keys = rooms.get(room);
        return keys == null ? Optional.empty() : Optional.of(keys.current());
    }

    SecretKey key(String room, String kid) {
        Keys keys = rooms.get(room);
        return keys == null ? null : keys.byId().get(kid);
    }

    @Override
    public String toString() {
        return "RoomKeyring{" + rooms.size() + " rooms (keys redacted)}";
    }
}
