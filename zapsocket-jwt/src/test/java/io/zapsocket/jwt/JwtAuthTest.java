package io.zapsocket.jwt;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Args;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.zapsocket.jwt.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

/** JwtAuth end to end: a server with the middleware and the Java client, over loopback. */
class JwtAuthTest {
    private static final RSAKey RSA = TestTokens.rsa("rsa-1");
    private static final RSAKey OTHER_RSA = TestTokens.rsa("rsa-1"); // same kid, another key: a forger's

    private JwtFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    private void start(JwtOptions.Builder options) {
        f = new JwtFixture(options);
    }

    private Object connect(String token) {
        return f.connect(token);
    }

    @Test
    void rs256TokenConnectsAndItsClaimsAreTheSocketsIdentity() {
        start(JwtOptions.builder().publicKey("rsa-1", JwtFixture.rsaPublic(RSA)).issuer("https://idp.test/").audience("chat"));
        String token = TestTokens.rs256(RSA, claims("alice", Duration.ofMinutes(5),
                b -> b.issuer("https://idp.test/").audience("chat").claim("role", "admin")));

        ClientSocket s = f.socket(() -> Map.of("token", token), b -> { });
        assertThat(JwtFixture.connect(s)).isEqualTo("connected");

        assertThat(f.identities).hasSize(1);
        JwtIdentity id = f.identities.get(0);
        assertThat(id.subject()).isEqualTo("alice");
        assertThat(id.issuer()).isEqualTo("https://idp.test/");
        assertThat(id.audience()).containsExactly("chat");
        assertThat(id.claim("role")).isEqualTo("admin");
        assertThat(id.expiresAt()).isAfter(Instant.now());
        Args whoami = s.emitWithAck("whoami").orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(whoami.get(0)).isEqualTo("alice");
    }

    @Test
    void es256Hs256AndEdDsaTokensConnectWithTheirKeys() {
        ECKey ec = TestTokens.ec("ec-1");
        KeyPair ed = TestTokens.ed25519();
        start(JwtOptions.builder().jwks(TestTokens.jwks(ec)).hmacKey(null, TestTokens.HMAC_SECRET)
                .publicKey("ed-1", ed.getPublic()));

        assertThat(connect(TestTokens.es256(ec, claims("ec-user", Duration.ofMinutes(1))))).isEqualTo("connected");
        assertThat(connect(TestTokens.hs256(TestTokens.HMAC_SECRET, claims("hs-user", Duration.ofMinutes(1)))))
                .isEqualTo("connected");
        assertThat(connect(TestTokens.eddsa(ed, "ed-1", claims("ed-user", Duration.ofMinutes(1)))))
                .isEqualTo("connected");
        assertThat(f.identities).extracting(JwtIdentity::subject).containsExactly("ec-user", "hs-user", "ed-user");

        // an EdDSA token signed by another key does not verify
        KeyPair other = TestTokens.ed25519();
        assertThat(JwtFixture.codeOf(connect(TestTokens.eddsa(other, "ed-1", claims("mallory", Duration.ofMinutes(1))))))
                .isEqualTo("invalid_token");
    }

    @Test
    void expiredForgedUnsignedAndMissingTokensAreRefusedWithTheirCode() {
        start(JwtOptions.builder().publicKey("rsa-1", JwtFixture.rsaPublic(RSA)).clockSkew(Duration.ofSeconds(5)));

        assertThat(JwtFixture.codeOf(connect(TestTokens.rs256(RSA, claims("alice", Duration.ofSeconds(-60))))))
                .isEqualTo("token_expired");
        assertThat(JwtFixture.codeOf(connect(TestTokens.rs256(OTHER_RSA, claims("alice", Duration.ofMinutes(5))))))
                .isEqualTo("invalid_token");
        assertThat(JwtFixture.codeOf(connect(TestTokens.none(claims("alice", Duration.ofMinutes(5))))))
                .isEqualTo("invalid_token");
        assertThat(JwtFixture.codeOf(connect("not.a.token"))).isEqualTo("invalid_token");
        assertThat(JwtFixture.codeOf(connect(null))).isEqualTo("missing_token");
        assertThat(f.identities).isEmpty();
    }

    @Test
    void claimsAreCheckedWithClockSkew() {
        start(JwtOptions.builder().publicKey("rsa-1", JwtFixture.rsaPublic(RSA)).issuer("https://idp.test/").audience("chat")
                .clockSkew(Duration.ofSeconds(30)));
        Consumer<JWTClaimsSet.Builder> good = b -> b.issuer("https://idp.test/").audience("chat");

        // expired 10 s ago: within the 30 s skew
        assertThat(connect(TestTokens.rs256(RSA, claims("alice", Duration.ofSeconds(-10), good))))
                .isEqualTo("connected");
        assertThat(JwtFixture.codeOf(connect(TestTokens.rs256(RSA, claims("alice", Duration.ofMinutes(1),
                b -> b.issuer("https://evil.test/").audience("chat")))))).isEqualTo("invalid_token");
        assertThat(JwtFixture.codeOf(connect(TestTokens.rs256(RSA, claims("alice", Duration.ofMinutes(1),
                b -> b.issuer("https://idp.test/").audience("other")))))).isEqualTo("invalid_token");
        assertThat(JwtFixture.codeOf(connect(TestTokens.rs256(RSA, claims("alice", Duration.ofMinutes(1),
                b -> good.andThen(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(120)))).accept(b))))))
                .isEqualTo("invalid_token");
        assertThat(JwtFixture.codeOf(connect(TestTokens.rs256(RSA, new JWTClaimsSet.Builder().subject("alice")
                .issuer("https://idp.test/").audience("chat").build())))).as("no exp").isEqualTo("invalid_token");
    }

    @Test
    void algorithmsOutsideTheAllowListAndKeyConfusionAreRefused() {
        start(JwtOptions.builder().publicKey("rsa-1", JwtFixture.rsaPublic(RSA)).algorithms("RS256"));

        // HS256 "signed" with the RSA public key's bytes as the secret: the classic confusion attack
        byte[] publicBytes = JwtFixture.rsaPublic(RSA).getEncoded();
        assertThat(JwtFixture.codeOf(connect(TestTokens.hs256(publicBytes, claims("mallory", Duration.ofMinutes(1))))))
                .isEqualTo("invalid_token");
        assertThat(connect(TestTokens.rs256(RSA, claims("alice", Duration.ofMinutes(1))))).isEqualTo("connected");
    }

    @Test
    void tokenIsReadFromAHeaderOrACookie() {
        start(JwtOptions.builder().publicKey("rsa-1", JwtFixture.rsaPublic(RSA)).cookie("session"));
        String token = TestTokens.rs256(RSA, claims("header-user", Duration.ofMinutes(1)));
        String cookieToken = TestTokens.rs256(RSA, claims("cookie-user", Duration.ofMinutes(1)));

        assertThat(JwtFixture.connect(f.socket(() -> null, b -> b.extraHeader("Authorization", "Bearer " + token))))
                .isEqualTo("connected");
        assertThat(JwtFixture.connect(f.socket(() -> null, b -> b.extraHeader("Cookie", "a=b; session=" + cookieToken))))
                .isEqualTo("connected");
        assertThat(f.identities).extracting(JwtIdentity::subject).containsExactly("header-user", "cookie-user");
    }

}
