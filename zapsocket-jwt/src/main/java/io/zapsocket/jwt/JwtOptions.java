package io.zapsocket.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.net.URI;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link JwtAuth} accepts: keys (static ones and/or a JWKS URL), algorithms, claims, where the token is read
 * from, and how a live connection's token expiry is handled.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>hmacKey / publicKey / jwks</td><td>none</td><td>static verification keys (at least one key source)</td></tr>
 *   <tr><td>jwksUrl</td><td>none</td><td>a JWK Set URL, fetched on first use and cached</td></tr>
 *   <tr><td>jwksCacheTtl</td><td>5 min</td><td>how long a fetched JWK Set is used before it is fetched again</td></tr>
 *   <tr><td>jwksMinRefreshInterval</td><td>30 s</td><td>at most one fetch per interval, also when a token names an
 *       unknown {@code kid} (rotation), at most two fetches per interval (nimbus' rate limiter: the scheduled one and one
 *       refresh); an unknown key past that is refused without a fetch</td></tr>
 *   <tr><td>jwksTimeout</td><td>5 s</td><td>connect and read timeout of a fetch</td></tr>
 *   <tr><td>jwksMaxBytes</td><td>64 KiB</td><td>largest JWK Set accepted</td></tr>
 *   <tr><td>algorithms</td><td>HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA, Ed25519</td>
 *       <td>accepted {@code alg} values; {@code none} and encrypted tokens are always refused</td></tr>
 *   <tr><td>issuer</td><td>not checked</td><td>required {@code iss}</td></tr>
 *   <tr><td>audience</td><td>not checked</td><td>accepted {@code aud} values (one must match)</td></tr>
 *   <tr><td>clockSkew</td><td>30 s</td><td>tolerance on {@code exp} and {@code nbf} at verification</td></tr>
 *   <tr><td>requireExpiry</td><td>true</td><td>a token without {@code exp} is refused</td></tr>
 *   <tr><td>authField</td><td>{@code token}</td><td>the handshake auth payload's field holding the token
 *       ({@code null}: not read)</td></tr>
 *   <tr><td>header</td><td>{@code Authorization}</td><td>request header holding the token, {@code Bearer } prefix
 *       optional ({@code null}: not read)</td></tr>
 *   <tr><td>cookie</td><td>none</td><td>cookie holding the token</td></tr>
 *   <tr><td>refreshAhead</td><td>0</td><td>how long before {@code exp} the client is asked to refresh
 *       ({@link JwtAuth#EXPIRING_EVENT})</td></tr>
 *   <tr><td>gracePeriod</td><td>30 s</td><td>after {@code exp}, how long the client has to send a new token before
 *       it is disconnected ({@link JwtAuth#EXPIRED_EVENT})</td></tr>
 *   <tr><td>threads</td><td>2</td><td>threads that verify tokens (JWKS fetches block) and run the expiry timers</td></tr>
 * </table>
 *
 * <p>Immutable; build with {@link #builder()}.
 *
 * @since 0.1
 */
public final class JwtOptions {
    /** The algorithms accepted by default. */
    public static final Set<String> DEFAULT_ALGORITHMS = Set.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
            "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519");

    private final List<JWK> keys;
    private final URI jwksUrl;
    private final Duration jwksCacheTtl;
    private final Duration jwksMinRefreshInterval;
    private final Duration jwksTimeout;
    private final int jwksMaxBytes;
    private final Set<String> algorithms;
    private final String issuer;
    private final Set<String> audience;
    private final Duration clockSkew;
    private final boolean requireExpiry;
    private final String authField;
    private final String header;
    private final String cookie;
    private final Duration refreshAhead;
    private final Duration gracePeriod;
    private final int threads;

    private JwtOptions(Builder b) {
        this.keys = List.copyOf(b.keys);
        this.jwksUrl = b.jwksUrl;
        this.jwksCacheTtl = b.jwksCacheTtl;
        this.jwksMinRefreshInterval = b.jwksMinRefreshInterval;
        this.jwksTimeout = b.jwksTimeout;
        this.jwksMaxBytes = b.jwksMaxBytes;
        this.algorithms = Set.copyOf(b.algorithms);
        this.issuer = b.issuer;
        this.audience = Set.copyOf(b.audience);
        this.clockSkew = b.clockSkew;
        this.requireExpiry = b.requireExpiry;
        this.authField = b.authField;
        this.header = b.header;
        this.cookie = b.cookie;
        this.refreshAhead = b.refreshAhead;
        this.gracePeriod = b.gracePeriod;
        this.threads = b.threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The static keys (public parts only for asymmetric keys); used by {@link JwtAuth}. */
    List<JWK> keys() {
        return keys;
    }

    /** The number of static keys. */
    public int staticKeyCount() {
        return keys.size();
    }

    /** {@code null} when no JWK Set URL is configured. */
    public URI jwksUrl() {
        return jwksUrl;
    }

    public Duration jwksCacheTtl() {
        return jwksCacheTtl;
    }

    public Duration jwksMinRefreshInterval() {
        return jwksMinRefreshInterval;
    }

    public Duration jwksTimeout() {
        return jwksTimeout;
    }

    public int jwksMaxBytes() {
        return jwksMaxBytes;
    }

    public Set<String> algorithms() {
        return algorithms;
    }

    /** {@code null}: not checked. */
    public String issuer() {
        return issuer;
    }

    /** Empty: not checked. */
    public Set<String> audience() {
        return audience;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    public boolean requireExpiry() {
        return requireExpiry;
    }

    /** {@code null}: the auth payload is not read. */
    public String authField() {
        return authField;
    }

    /** Lower case; {@code null}: no header is read. */
    public String header() {
        return header;
    }

    /** {@code null}: no cookie is read. */
    public String cookie() {
        return cookie;
    }

    public Duration refreshAhead() {
        return refreshAhead;
    }

    public Duration gracePeriod() {
        return gracePeriod;
    }

    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "JwtOptions{staticKeys=" + keys.size() + ", jwksUrl=" + jwksUrl + ", jwksCacheTtl=" + jwksCacheTtl
                + ", jwksMinRefreshInterval=" + jwksMinRefreshInterval + ", jwksTimeout=" + jwksTimeout
                + ", jwksMaxBytes=" + jwksMaxBytes + ", algorithms=" + algorithms + ", issuer=" + issuer
                + ", audience=" + audience + ", clockSkew=" + clockSkew + ", requireExpiry=" + requireExpiry
                + ", authField=" + authField + ", header=" + header + ", cookie=" + cookie
                + ", refreshAhead=" + refreshAhead + ", gracePeriod=" + gracePeriod + ", threads=" + threads + '}';
    }

    /** Builder for {@link JwtOptions}; not thread-safe. */
    public static final class Builder {
        private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
            0x03, 0x21, 0x00};

        private final List<JWK> keys = new ArrayList<>();
        private URI jwksUrl;
        private Duration jwksCacheTtl = Duration.ofMinutes(5);
        private Duration jwksMinRefreshInterval = Duration.ofSeconds(30);
        private Duration jwksTimeout = Duration.ofSeconds(5);
        private int jwksMaxBytes = 64 * 1024;
        private Set<String> algorithms = DEFAULT_ALGORITHMS;
        private String issuer;
        private Set<String> audience = Set.of();
        private Duration clockSkew = Duration.ofSeconds(30);
        private boolean requireExpiry = true;
        private String authField = "token";
        private String header = "authorization";
        private String cookie;
        private Duration refreshAhead = Duration.ZERO;
        private Duration gracePeriod = Duration.ofSeconds(30);
        private int threads = 2;

        private Builder() {
        }

        /**
         * An HMAC key (HS256/384/512) of at least 32 bytes.
         *
         * @param kid the key id tokens name in their header, or {@code null} to match any
         */
        public Builder hmacKey(String kid, byte[] secret) {
            Objects.requireNonNull(secret, "secret");
            if (secret.length < 32) {
                throw new IllegalArgumentException("an HMAC key must have at least 256 bits: " + secret.length * 8);
            }
            keys.add(new OctetSequenceKey.Builder(secret.clone()).keyID(kid).build());
            return this;
        }

        /**
         * An RSA ({@code RS*}, {@code PS*}), EC ({@code ES256/384/512}) or Ed25519 ({@code EdDSA}) public key.
         *
         * @param kid the key id tokens name in their header, or {@code null} to match any
         */
        public Builder publicKey(String kid, PublicKey key) {
            Objects.requireNonNull(key, "key");
            if (key instanceof RSAPublicKey rsa) {
                keys.add(new RSAKey.Builder(rsa).keyID(kid).build());
            } else if (key instanceof ECPublicKey ec) {
                keys.add(new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).keyID(kid).build());
            } else if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
                byte[] der = key.getEncoded();
                if (der == null || der.length != 44 || !Arrays.equals(der, 0, 12, ED25519_SPKI_PREFIX, 0, 12)) {
                    throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
                }
                keys.add(new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Arrays.copyOfRange(der, 12, 44)))
                        .keyID(kid).build());
            } else {
                throw new IllegalArgumentException("unsupported public key type: " + key.getAlgorithm());
            }
            return this;
        }

        /** The keys of a JWK Set document ({@code {"keys":[...]}}); private parts are dropped. */
        public Builder jwks(String jwkSetJson) {
            try {
                JWKSet set = JWKSet.parse(jwkSetJson);
                for (JWK k : set.getKeys()) {
                    keys.add(k instanceof OctetSequenceKey ? k : k.toPublicJWK());
                }
            } catch (ParseException e) {
                throw new IllegalArgumentException("invalid JWK Set: " + e.getMessage(), e);
            }
            return this;
        }

        /** A JWK Set URL ({@code http} or {@code https}), e.g. an identity provider's {@code jwks_uri}. */
        public Builder jwksUrl(URI url) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new IllegalArgumentException("jwksUrl must be http(s): " + url);
            }
            this.jwksUrl = url;
            return this;
        }

        public Builder jwksCacheTtl(Duration ttl) {
            this.jwksCacheTtl = positive(ttl, "jwksCacheTtl");
            return this;
        }

        public Builder jwksMinRefreshInterval(Duration interval) {
            this.jwksMinRefreshInterval = positive(interval, "jwksMinRefreshInterval");
            return this;
        }

        public Builder jwksTimeout(Duration timeout) {
            this.jwksTimeout = positive(timeout, "jwksTimeout");
            return this;
        }

        public Builder jwksMaxBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("jwksMaxBytes must be >= 1024: " + bytes);
            }
            this.jwksMaxBytes = bytes;
            return this;
        }

        /** The accepted {@code alg} values (JWS names, e.g. {@code "RS256"}); {@code none} is never accepted. */
        public Builder algorithms(String... algorithms) {
            Set<String> set = new LinkedHashSet<>();
            for (String a : algorithms) {
                JWSAlgorithm alg = JWSAlgorithm.parse(Objects.requireNonNull(a, "algorithm"));
                if (!DEFAULT_ALGORITHMS.contains(alg.getName())) {
                    throw new IllegalArgumentException("unsupported algorithm: " + a);
                }
                set.add(alg.getName());
            }
            if (set.isEmpty()) {
                throw new IllegalArgumentException("at least one algorithm");
            }
            this.algorithms = set;
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder audience(String... audience) {
            this.audience = Set.of(audience);
            return this;
        }

        public Builder clockSkew(Duration skew) {
            Objects.requireNonNull(skew, "clockSkew");
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("clockSkew must be in [0, 10 min]: " + skew);
            }
            this.clockSkew = skew;
            return this;
        }

        public Builder requireExpiry(boolean require) {
            this.requireExpiry = require;
            return this;
        }

        public Builder authField(String field) {
            this.authField = field;
            return this;
        }

        public Builder header(String header) {
            this.header = header == null ? null : header.toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder cookie(String cookie) {
            this.cookie = cookie;
            return this;
        }

        public Builder refreshAhead(Duration ahead) {
            Objects.requireNonNull(ahead, "refreshAhead");
            if (ahead.isNegative()) {
                throw new IllegalArgumentException("refreshAhead must be >= 0: " + ahead);
            }
            this.refreshAhead = ahead;
            return this;
        }

        public Builder gracePeriod(Duration grace) {
            Objects.requireNonNull(grace, "gracePeriod");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("gracePeriod must be >= 0: " + grace);
            }
            this.gracePeriod = grace;
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads must be in [1, 64]: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** @throws IllegalStateException without any key source, or without any place to read the token from */
        public JwtOptions build() {
            if (keys.isEmpty() && jwksUrl == null) {
                throw new IllegalStateException("no keys: give hmacKey, publicKey, jwks or jwksUrl");
            }
            if (authField == null && header == null && cookie == null) {
                throw new IllegalStateException("no token source: authField, header and cookie are all off");
            }
            return new JwtOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
