package io.zapsocket.server.internal.content;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the raw path of a request under a mount into the relative name of a file, refusing anything that could
 * name a file outside the mount's root. The raw path is percent-decoded exactly once (so {@code %2e%2e} is
 * {@code ..}, and {@code %252e} is the literal name {@code %2e}), then checked segment by segment.
 */
final class RequestPath {

    /** Why a path was refused. */
    enum Refusal {
        /** Malformed or dangerous ({@code ..}, {@code .}, {@code //}, backslash, NUL, colon, bad escape): 400. */
        BAD_REQUEST,
        /** Well-formed but not servable (hidden file, no index file): 404. */
        NOT_FOUND
    }

    /** A refused path. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        final Refusal refusal;

        RefusedException(Refusal refusal, String message) {
            super(message, null, false, false);
            this.refusal = refusal;
        }
    }

    private RequestPath() {
    }

    /**
     * The segments of the file named by {@code rawPath} (which starts with {@code prefix}); a path ending in
     * {@code /} names {@code indexFile}.
     */
    static List<String> segments(String rawPath, String prefix, String indexFile) throws RefusedException {
        String rest = rawPath.substring(prefix.length());
        String decoded = decode(rest);
        if (decoded.isEmpty() || decoded.endsWith("/")) {
            if (indexFile == null) {
                throw new RefusedException(Refusal.NOT_FOUND, "no index file");
            }
            decoded = decoded + indexFile;
        }
        String[] parts = decoded.split("/", -1);
        for (String s : parts) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                throw new RefusedException(Refusal.BAD_REQUEST, "empty, . or .. segment");
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' || c == ':' || c < 0x20 || c == 0x7f) {
                    throw new RefusedException(Refusal.BAD_REQUEST, "forbidden character in a segment");
                }
            }
            if (s.startsWith(".")) {
                throw new RefusedException(Refusal.NOT_FOUND, "hidden file");
            }
        }
        return List.of(parts);
    }

    /** Strict percent-decoding ({@code +} stays {@code +}); the bytes must be UTF-8. */
    static String decode(String raw) throws RefusedException {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new RefusedException(Refusal.BAD_REQUEST, "truncated escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new RefusedException(Refusal.BAD_REQUEST, "bad escape");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c <= 0xff) {
                // the request line is read as ISO-8859-1, so a raw (unescaped) byte is one char
                out.write(c);
            } else {
                throw new RefusedException(Refusal.BAD_REQUEST, "not a byte");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RefusedException(Refusal.BAD_REQUEST, "not UTF-8");
        }
    }
}
