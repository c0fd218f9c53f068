package io.zapsocket.server.internal.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * A servable file: its bytes, its gzip variant if worth it, its content type and its strong entity tag (quoted).
 * Immutable by convention: the arrays are never modified after construction.
 */
record Entity(byte[] body, byte[] gzipped, String contentType, String etag) {
    /** Below this size gzip saves too little to bother. */
    private static final int MIN_GZIP_SIZE = 512;

    /** An entity whose tag is a hash of its content (for content that never changes). */
    static Entity hashed(byte[] body, String contentType) {
        return of(body, contentType, '"' + contentHash(body) + '"');
    }

    /** An entity with a given (quoted) tag, gzip-compressed if its type is worth it. */
    static Entity of(byte[] body, String contentType, String etag) {
        byte[] gz = null;
        if (body.length >= MIN_GZIP_SIZE && ContentTypes.compressible(contentType)) {
            gz = gzip(body);
            if (gz.length >= body.length) {
                gz = null;
            }
        }
        return new Entity(body, gz, contentType, etag);
    }

    static String contentHash(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return out.toByteArray();
    }

    /** Bytes held in memory. */
    int weight() {
        return body.length + (gzipped == null ? 0 : gzipped.length);
    }
}
