package io.zapsocket.jwt.internal;

import io.zapsocket.server.Handshake;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a connection's token is read, in this order: the handshake auth payload's field, a request header (an
 * optional {@code Bearer } prefix is removed), a cookie. The first present value is the token.
 */
public final class TokenSources {
    private final String authField;
    private final String header;
    private final String cookie;

    /** Each may be {@code null} (not read); {@code header} is lower case. */
    public TokenSources(String authField, String header, String cookie) {
        this.authField = authField;
        this.header = header;
        this.cookie = cookie;
    }

    /** @return the token, or {@code null} when none of the sources has one */
    public String tokenOf(Handshake handshake) {
        if (authField != null) {
            Map<String, Object> auth = handshake.auth();
            Object v = auth == null ? null : auth.get(authField);
            if (v instanceof String s && !s.isEmpty()) {
                return s;
            }
        }
        if (header != null) {
            String v = firstHeader(handshake, header);
            if (v != null) {
                v = v.trim();
                if (v.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    v = v.substring(7).trim();
                }
                if (!v.isEmpty()) {
                    return v;
                }
            }
        }
        if (cookie != null) {
            List<String> cookies = headers(handshake, "cookie");
            for (String line : cookies) {
                for (String pair : line.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).trim().equals(cookie)) {
                        String v = pair.substring(eq + 1).trim();
                        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                            v = v.substring(1, v.length() - 1);
                        }
                        if (!v.isEmpty()) {
                            return v;
                        }
                    }
                }
            }
        }
        return null;
    }

    private static String firstHeader(Handshake h, String name) {
        List<String> v = headers(h, name);
        return v.isEmpty() ? null : v.get(0);
    }

    private static List<String> headers(Handshake h, String name) {
        List<String> v = h.headers().get(name);
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, List<String>> e : h.headers().entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name)) {
                return e.getValue();
            }
        }
        return List.of();
    }
}
