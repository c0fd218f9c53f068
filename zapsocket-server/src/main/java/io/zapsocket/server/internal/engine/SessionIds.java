package io.zapsocket.server.internal.engine;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session ids like Node's {@code base64id}: 15 random bytes from {@link SecureRandom}, base64url without padding
 * (20 characters). {@code SecureRandom} is thread-safe.
 */
final class SessionIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionIds() {
    }

    static String next() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
