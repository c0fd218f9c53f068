package io.zapsocket.sync.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Random epochs and node ids. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** 8 random bytes, base64url (11 characters). */
    static String epoch() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String node() {
        return epoch();
    }
}
