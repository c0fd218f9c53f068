package io.zapsocket.server.internal.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The accepted API keys, compared in constant time: every candidate is hashed (SHA-256, so lengths don't leak) and
 * compared with every key with {@link MessageDigest#isEqual}, without stopping at the first match.
 */
final class PublishKeys {
    private final byte[][] digests;

    PublishKeys(List<String> keys) {
        digests = new byte[keys.size()][];
        for (int i = 0; i < keys.size(); i++) {
            digests[i] = sha256(keys.get(i));
        }
    }

    /** The index of the key {@code candidate} is, or -1. */
    int match(String candidate) {
        byte[] d = sha256(candidate);
        int found = -1;
        for (int i = 0; i < digests.length; i++) {
            if (MessageDigest.isEqual(d, digests[i])) {
                found = i;
            }
        }
        return found;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
