package io.zapsocket.jwt.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a compact JWS token: parses it (unsigned {@code alg:none} and encrypted tokens are refused), checks the
 * algorithm against the allowed ones, selects the candidate keys for its header ({@code kid}, key type; a JWKS
 * source fetches again, rate-limited, on an unknown {@code kid}), verifies the signature, then the claims.
 * Thread-safe; may block while a JWK Set is fetched.
 */
public final class TokenVerifier {
    public static final String INVALID = "invalid_token";
    public static final String EXPIRED = "token_expired";
    public static final String UNKNOWN_KEY = "unknown_key";
    public static final String KEYS_UNAVAILABLE = "keys_unavailable";
    public static final String MISSING = "missing_token";

    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
        0x21, 0x00};
    /** Tokens longer than this are refused before parsing. */
    private static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final JWKSource<SecurityContext> keys;
    private final Set<JWSAlgorithm> algorithms;
    private final DefaultJWTClaimsVerifier<SecurityContext> claims;

    public TokenVerifier(JWKSource<SecurityContext> keys, Set<JWSAlgorithm> algorithms,
                         DefaultJWTClaimsVerifier<SecurityContext> claims) {
        this.keys = keys;
        this.algorithms = Set.copyOf(algorithms);
        this.claims = claims;
    }

    /**
     * @return the token's claims as JSON values (time claims in epoch seconds)
     * @throws TokenRejectedException with the reason's code
     */
    public Map<String, Object> verify(String token) {
        if (token == null || token.isEmpty()) {
            throw new TokenRejectedException(MISSING, "no token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new TokenRejectedException(INVALID, "token too long");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRejectedException(INVALID, "malformed token");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new TokenRejectedException(INVALID, "unsigned or encrypted tokens are not accepted");
        }
        JWSHeader header = signed.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            throw new TokenRejectedException(INVALID, "algorithm not accepted: " + header.getAlgorithm());
        }
        JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
        if (matcher == null) {
            throw new TokenRejectedException(INVALID, "algorithm not supported: " + header.getAlgorithm());
        }
        List<JWK> candidates;
        try {
            candidates = keys.get(new JWKSelector(matcher), null);
        } catch (RateLimitReachedException e) {
            throw new TokenRejectedException(UNKNOWN_KEY, "unknown key (JWK Set refresh rate-limited)", e);
        } catch (JWKSetUnavailableException e) {
            throw new TokenRejectedException(KEYS_UNAVAILABLE, "the JWK Set could not be fetched", e);
        } catch (KeySourceException e) {
            throw new TokenRejectedException(KEYS_UNAVAILABLE, "no keys: " + e.getMessage(), e);
        }
        if (candidates.isEmpty()) {
            throw new TokenRejectedException(UNKNOWN_KEY, "no key for kid " + header.getKeyID());
        }
        boolean verified = false;
        for (JWK key : candidates) {
            if (verifies(signed, key)) {
                verified = true;
                break;
            }
        }
        if (!verified) {
            throw new TokenRejectedException(INVALID, "signature does not verify");
        }
        JWTClaimsSet set;
        try {
            set = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejectedException(INVALID, "malformed claims");
        }
        try {
            claims.verify(set, null);
        } catch (BadJWTException e) {
            String msg = String.valueOf(e.getMessage());
            throw new TokenRejectedException(msg.startsWith("Expired") ? EXPIRED : INVALID, msg);
        }
        return set.toJSONObject();
    }

    private static boolean verifies(SignedJWT jwt, JWK key) {
        try {
            if (key instanceof OctetKeyPair okp) {
                return verifyEd25519(jwt, okp);
            }
            JWSVerifier verifier;
            if (key instanceof OctetSequenceKey oct) {
                verifier = new MACVerifier(oct);
            } else if (key instanceof RSAKey rsa) {
                verifier = new RSASSAVerifier(rsa);
            } else if (key instanceof ECKey ec) {
                verifier = new ECDSAVerifier(ec);
            } else {
                return false;
            }
            return jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    /** EdDSA on Ed25519 with the JDK's provider (nimbus' own verifier needs Tink). */
    private static boolean verifyEd25519(SignedJWT jwt, OctetKeyPair okp) {
        if (!Curve.Ed25519.equals(okp.getCurve())) {
            return false;
        }
        JWSHeader h = jwt.getHeader();
        if (h.getCriticalParams() != null && !h.getCriticalParams().isEmpty()) {
            return false;
        }
        try {
            byte[] x = okp.getDecodedX();
            byte[] der = new byte[ED25519_SPKI_PREFIX.length + x.length];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(x, 0, der, ED25519_SPKI_PREFIX.length, x.length);
            PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(pub);
            s.update(jwt.getSigningInput());
            return s.verify(jwt.getSignature().decode());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
