package io.zapsocket.server.internal.sio;

import java.security.SecureRandom;
import java.util.Base64;

/** Socket ids like Node's {@code base64id}: 15 random bytes, base64url, 20 characters. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {
    }

    static String newId() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
