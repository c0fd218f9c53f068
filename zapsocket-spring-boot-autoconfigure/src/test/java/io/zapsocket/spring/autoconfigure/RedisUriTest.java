package io.zapsocket.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class RedisUriTest {

    @Test
    void defaultsToLocalhost6379() {
        assertThat(RedisUri.from(new MockEnvironment())).isEqualTo("redis://localhost:6379");
    }

    @Test
    void theUrlWinsOverTheParts() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.data.redis.url", "redis://r:1/2")
                .withProperty("spring.data.redis.host", "ignored");
        assertThat(RedisUri.from(env)).isEqualTo("redis://r:1/2");
    }

    @Test
    void partsMakeAUriWithEncodedCredentialsDatabaseAndTls() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.data.redis.host", "cache.internal")
                .withProperty("spring.data.redis.port", "6380").withProperty("spring.data.redis.database", "3")
                .withProperty("spring.data.redis.username", "app").withProperty("spring.data.redis.password", "p@ss:w/rd")
                .withProperty("spring.data.redis.ssl.enabled", "true");
        assertThat(RedisUri.from(env)).isEqualTo("rediss://app:p%40ss%3Aw%2Frd@cache.internal:6380/3");
    }

    @Test
    void aPasswordWithoutUsernameAndAnIpv6Host() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.data.redis.host", "::1")
                .withProperty("spring.data.redis.password", "secret");
        assertThat(RedisUri.from(env)).isEqualTo("redis://:secret@[::1]:6379");
    }
}
