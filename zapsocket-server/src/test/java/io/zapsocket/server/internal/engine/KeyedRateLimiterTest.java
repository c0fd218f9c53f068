package io.zapsocket.server.internal.engine;

import io.zapsocket.server.RateLimit;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsTheBurstThenRefillsAtTheRate() throws Exception {
        KeyedRateLimiter<InetAddress> limiter = new KeyedRateLimiter<>(RateLimit.of(2, Duration.ofSeconds(1)).withBurst(3));
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        long t = 0;
        assertThat(limiter.tryAcquire(a, t)).isTrue();
        assertThat(limiter.tryAcquire(a, t)).isTrue();
        assertThat(limiter.tryAcquire(a, t)).isTrue();
        assertThat(limiter.tryAcquire(a, t)).isFalse();
        assertThat(limiter.tryAcquire(b, t)).as("addresses have their own bucket").isTrue();
        assertThat(limiter.tryAcquire(a, t + SECOND / 4)).as("half a token").isFalse();
        assertThat(limiter.tryAcquire(a, t + SECOND / 2)).as("one token after 0.5 s at 2/s").isTrue();
        assertThat(limiter.tryAcquire(a, t + SECOND / 2)).isFalse();
        // never more than the burst, however long the wait
        long later = t + 100 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(a, later)).isTrue();
        }
        assertThat(limiter.tryAcquire(a, later)).isFalse();
    }

    @Test
    void fullBucketsAreForgotten() throws Exception {
        KeyedRateLimiter<InetAddress> limiter = new KeyedRateLimiter<>(RateLimit.of(10, Duration.ofSeconds(1)).withBurst(5));
        limiter.tryAcquire(InetAddress.getByName("10.0.0.1"), 0);
        limiter.tryAcquire(InetAddress.getByName("10.0.0.2"), SECOND);
        limiter.sweep(SECOND / 10); // 10.0.0.1 refills in 0.5 s: kept
        assertThat(limiter.tracked()).isEqualTo(2);
        limiter.sweep(SECOND);
        assertThat(limiter.tracked()).isEqualTo(1);
    }
}
