package io.zapsocket.jwt;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every bound of {@link JwtOptions} is checked when it is set or built. */
class JwtOptionsTest {
    @Test
    void defaults() {
        JwtOptions o = JwtOptions.builder().hmacKey("k", TestTokens.HMAC_SECRET).build();
        assertThat(o.staticKeyCount()).isEqualTo(1);
        assertThat(o.jwksCacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.jwksMinRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.jwksTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.jwksMaxBytes()).isEqualTo(64 * 1024);
        assertThat(o.algorithms()).isEqualTo(JwtOptions.DEFAULT_ALGORITHMS).doesNotContain("none");
        assertThat(o.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.requireExpiry()).isTrue();
        assertThat(o.authField()).isEqualTo("token");
        assertThat(o.header()).isEqualTo("authorization");
        assertThat(o.cookie()).isNull();
        assertThat(o.refreshAhead()).isZero();
        assertThat(o.gracePeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.threads()).isEqualTo(2);
        assertThat(o.toString()).doesNotContain("0123456789abcdef"); // no secret in logs
    }

    @Test
    void badValuesAreRefused() {
        JwtOptions.Builder b = JwtOptions.builder();
        assertThatThrownBy(() -> b.hmacKey(null, new byte[31])).hasMessageContaining("256 bits");
        assertThatThrownBy(() -> b.algorithms("none")).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> b.algorithms()).hasMessageContaining("at least one");
        assertThatThrownBy(() -> b.jwksUrl(URI.create("file:///etc/jwks.json"))).hasMessageContaining("http");
        assertThatThrownBy(() -> b.jwksMaxBytes(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.clockSkew(Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.gracePeriod(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.threads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.jwks("{not json")).hasMessageContaining("invalid JWK Set");
        assertThatThrownBy(b::build).hasMessageContaining("no keys");
        assertThatThrownBy(() -> JwtOptions.builder().hmacKey(null, TestTokens.HMAC_SECRET).authField(null)
                .header(null).build()).hasMessageContaining("no token source");
    }

    @Test
    void publicKeysOfEachTypeAreAccepted() throws Exception {
        JwtOptions o = JwtOptions.builder()
                .publicKey("rsa", TestTokens.rsa("rsa").toRSAPublicKey())
                .publicKey("ec", TestTokens.ec("ec").toECPublicKey())
                .publicKey("ed", TestTokens.ed25519().getPublic())
                .jwks(TestTokens.jwks(TestTokens.rsa("r2")))
                .build();
        assertThat(o.staticKeyCount()).isEqualTo(4);
    }
}
