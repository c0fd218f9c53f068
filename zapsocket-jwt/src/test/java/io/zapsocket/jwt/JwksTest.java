package io.zapsocket.jwt;

import com.nimbusds.jose.jwk.RSAKey;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.zapsocket.jwt.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

/** Keys from a local JWKS endpoint: caching, rotation, refresh on an unknown kid (rate-limited), outage. */
class JwksTest {
    private static final RSAKey KEY_1 = TestTokens.rsa("k1");
    private static final RSAKey KEY_2 = TestTokens.rsa("k2");
    private static final RSAKey KEY_3 = TestTokens.rsa("k3");

    private JwksServer jwks;
    private JwtFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
        if (jwks != null) {
            jwks.close();
        }
    }

    @Test
    void keysAreFetchedOnceAndCached() throws Exception {
        jwks = new JwksServer(TestTokens.jwks(KEY_1));
        f = new JwtFixture(JwtOptions.builder().jwksUrl(jwks.url()));

        for (int i = 0; i < 3; i++) {
            assertThat(f.connect(TestTokens.rs256(KEY_1, claims("u" + i, Duration.ofMinutes(1)))))
                    .isEqualTo("connected");
        }
        assertThat(jwks.fetches()).isEqualTo(1);
    }

    @Test
    void rotationIsPickedUpOnAnUnknownKidAndRefreshesAreRateLimited() throws Exception {
        jwks = new JwksServer(TestTokens.jwks(KEY_1));
        f = new JwtFixture(JwtOptions.builder().jwksUrl(jwks.url())
                .jwksMinRefreshInterval(Duration.ofSeconds(2)).jwksCacheTtl(Duration.ofMinutes(5)));
        assertThat(f.connect(TestTokens.rs256(KEY_1, claims("alice", Duration.ofMinutes(1)))))
                .isEqualTo("connected");
        assertThat(jwks.fetches()).isEqualTo(1);

        // the identity provider rotates: k2 added, k1 retired; a token naming k2 makes the server fetch again
        jwks.publish(TestTokens.jwks(KEY_2));
        assertThat(f.connect(TestTokens.rs256(KEY_2, claims("bob", Duration.ofMinutes(1))))).isEqualTo("connected");
        assertThat(jwks.fetches()).isEqualTo(2);

        // a kid in no set, within the interval: refused without more fetches (at most two per interval)
        String k3Token = TestTokens.rs256(KEY_3, claims("eve", Duration.ofMinutes(1)));
        for (int i = 0; i < 3; i++) {
            assertThat(JwtFixture.codeOf(f.connect(k3Token))).isEqualTo("unknown_key");
        }
        assertThat(jwks.fetches()).isEqualTo(2);

        // after the interval: one more fetch, still unknown
        Thread.sleep(2100);
        assertThat(JwtFixture.codeOf(f.connect(k3Token))).isEqualTo("unknown_key");
        assertThat(jwks.fetches()).isEqualTo(3);
        // the retired key k1 is gone from the cached set
        assertThat(JwtFixture.codeOf(f.connect(TestTokens.rs256(KEY_1, claims("alice", Duration.ofMinutes(1))))))
                .isEqualTo("unknown_key");
        assertThat(f.connect(TestTokens.rs256(KEY_2, claims("bob", Duration.ofMinutes(1))))).isEqualTo("connected");
    }

    @Test
    void anUnreachableJwksEndpointRefusesWithKeysUnavailable() throws Exception {
        jwks = new JwksServer(TestTokens.jwks(KEY_1));
        java.net.URI url = jwks.url();
        jwks.close();
        f = new JwtFixture(JwtOptions.builder().jwksUrl(url).jwksTimeout(Duration.ofSeconds(1)));

        assertThat(JwtFixture.codeOf(f.connect(TestTokens.rs256(KEY_1, claims("alice", Duration.ofMinutes(1))))))
                .isEqualTo("keys_unavailable");
        jwks = null;
    }
}
