package io.zapsocket.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Redis Cluster options: defaults and every refused input. */
class RedisClusterOptionsTest {
    @Test
    void aClusterBuilderKeepsItsSeedsAndTheFirstIsTheUri() {
        RedisAdapterOptions o = RedisAdapterOptions.clusterBuilder("redis://10.0.0.1:7000", "rediss://u:p@h:7001")
                .build();
        assertThat(o.cluster()).isTrue();
        assertThat(o.clusterSeeds()).containsExactly("redis://10.0.0.1:7000", "rediss://u:p@h:7001");
        assertThat(o.uri()).isEqualTo("redis://10.0.0.1:7000");
        assertThat(o.topologyRefreshPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.toBuilder().build().clusterSeeds()).isEqualTo(o.clusterSeeds());
        assertThat(o.toString()).contains("cluster of 2 seeds").doesNotContain("u:p");
    }

    @Test
    void aSingleRedisIsNoCluster() {
        RedisAdapterOptions o = RedisAdapterOptions.builder("redis://127.0.0.1:7000").build();
        assertThat(o.cluster()).isFalse();
        assertThat(o.clusterSeeds()).isEmpty();
        assertThat(o.toBuilder().clusterSeeds(List.of()).build().cluster()).isFalse();
    }

    @Test
    void badClusterOptionsAreRefused() {
        assertThatThrownBy(RedisAdapterOptions::clusterBuilder).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one seed");
        assertThatThrownBy(() -> RedisAdapterOptions.clusterBuilder("redis://a:1", "http://b:2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://b:2");
        assertThatThrownBy(() -> RedisAdapterOptions.clusterBuilder("redis-socket:///tmp/r.sock"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisAdapterOptions.builder("redis://a:1").clusterSeeds(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RedisAdapterOptions.builder("redis://a:1")
                .topologyRefreshPeriod(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisAdapterOptions.builder("redis://a:1").topologyRefreshPeriod(null))
                .isInstanceOf(NullPointerException.class);
    }
}
