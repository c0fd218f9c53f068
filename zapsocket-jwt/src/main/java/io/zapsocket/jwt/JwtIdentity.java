package io.zapsocket.jwt;

import com.fasterxml.jackson.annotation.JsonValue;
import io.zapsocket.server.ServerSocket;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The verified claims of a socket's token: its identity. {@link JwtAuth} puts it in the socket's
 * {@link ServerSocket#data() data()} under {@link JwtAuth#IDENTITY_KEY} and replaces it when the client refreshes
 * its token; read it with {@link #of(ServerSocket)}.
 *
 * <p>Claims are JSON values: strings, numbers, booleans, lists and maps; the time claims ({@code exp}, {@code nbf},
 * {@code iat}) are seconds since the epoch. Serialized (e.g. by a cluster adapter or connection state recovery)
 * as its claims object. Immutable.
 *
 * @since 0.1
 */
public final class JwtIdentity {
    private final Map<String, Object> claims;

    /** @param claims the token's claims (copied) */
    public JwtIdentity(Map<String, Object> claims) {
        this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(claims, "claims")));
    }

    /**
     * The identity of {@code socket}, or {@code null} if it has none (not authenticated by {@link JwtAuth}). A
     * claims map left in {@code data()} by a serialization round trip is read as an identity.
     */
    public static JwtIdentity of(ServerSocket socket) {
        Object v = socket.data().get(JwtAuth.IDENTITY_KEY);
        if (v instanceof JwtIdentity id) {
            return id;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, val) -> copy.put(String.valueOf(k), val));
            return new JwtIdentity(copy);
        }
        return null;
    }

    /** All claims, read-only. */
    @JsonValue
    public Map<String, Object> claims() {
        return claims;
    }

    /** A claim's value, or {@code null}. */
    public Object claim(String name) {
        return claims.get(name);
    }

    /** {@code sub}, or {@code null}. */
    public String subject() {
        Object v = claims.get("sub");
        return v == null ? null : v.toString();
    }

    /** {@code iss}, or {@code null}. */
    public String issuer() {
        Object v = claims.get("iss");
        return v == null ? null : v.toString();
    }

    /** {@code aud} as a list (a single string becomes a one-element list; none: empty). */
    public List<String> audience() {
        Object v = claims.get("aud");
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return v == null ? List.of() : List.of(v.toString());
    }

    /** {@code exp}, or {@code null} when the token does not expire. */
    public Instant expiresAt() {
        return instant("exp");
    }

    /** {@code iat}, or {@code null}. */
    public Instant issuedAt() {
        return instant("iat");
    }

    private Instant instant(String claim) {
        Object v = claims.get(claim);
        return v instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JwtIdentity other && claims.equals(other.claims);
    }

    @Override
    public int hashCode() {
        return claims.hashCode();
    }

    @Override
    public String toString() {
        return "JwtIdentity{sub=" + subject() + ", iss=" + issuer() + ", exp=" + expiresAt() + '}';
    }
}
