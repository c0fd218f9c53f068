package io.zapsocket.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * What the Redis adapters need beyond {@link io.zapsocket.server.adapter.ClusterWire}: the classic adapter's ids and
 * UTF-8 bytes.
 */
public final class Wire {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UID2_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Wire() {
    }

    /** Like the {@code uid2} package: {@code n} characters of [A-Za-z0-9]. */
    public static String uid2(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(UID2_CHARS.charAt(RANDOM.nextInt(UID2_CHARS.length())));
        }
        return sb.toString();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
