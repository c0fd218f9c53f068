package io.zapsocket.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Defaults and validation of the flow-control, compression, limit and TLS options. */
class FlowOptionsTest {

    @Test
    void defaults() {
        ServerOptions o = ServerOptions.DEFAULT;
        assertThat(o.maxBufferedBytes()).isEqualTo(1024 * 1024);
        assertThat(o.maxBufferedPackets()).isEqualTo(10_000);
        assertThat(o.lowPriorityBufferedBytes()).isEqualTo(256 * 1024);
        assertThat(o.writeBufferHighWaterMark()).isEqualTo(64 * 1024);
        assertThat(o.perMessageDeflate()).isNull();
        assertThat(o.httpCompression()).isEqualTo(CompressionOptions.DEFAULT);
        assertThat(CompressionOptions.DEFAULT.threshold()).isEqualTo(1024);
        assertThat(CompressionOptions.DEFAULT.level()).isEqualTo(6);
        assertThat(o.maxConnections()).isZero();
        assertThat(o.handshakeRateLimit()).isEqualTo(ServerOptions.DEFAULT_HANDSHAKE_RATE_LIMIT);
        assertThat(o.handshakeRateLimit().permits()).isEqualTo(20);
        assertThat(o.handshakeRateLimit().burst()).isEqualTo(100);
        assertThat(o.rateLimitLoopback()).isFalse();
        assertThat(o.rateLimits()).isSameAs(RateLimitOptions.DEFAULT);
        assertThat(o.rateLimits().perSocket().permits()).isEqualTo(500);
        assertThat(o.rateLimits().perSocket().burst()).isEqualTo(1_000);
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.attachmentTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.ackTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.maxPendingAcks()).isEqualTo(1_000);
        assertThat(o.maxDynamicNamespaces()).isEqualTo(1_000);
        assertThat(o.maxRoomsPerSocket()).isEqualTo(1_000);
        assertThat(o.cleanupEmptyChildNamespaces()).isTrue();
        assertThat(o.toBuilder().handshakeRateLimit(null).rateLimits(null).build().handshakeRateLimit()).isNull();
        assertThat(o.allowedOrigins()).isEmpty();
        assertThat(o.httpKeepAliveTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.tls()).isNull();
        assertThat(o.toBuilder().build().toString()).isEqualTo(o.toString());
    }

    @Test
    void boundsAreValidated() {
        ServerOptions.Builder b = ServerOptions.builder();
        assertThatThrownBy(() -> b.maxBufferedBytes(1023)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxBufferedPackets(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.lowPriorityBufferedBytes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.writeBufferHighWaterMark(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxConnections(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.httpKeepAliveTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.attachmentTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxPendingAcks(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxDynamicNamespaces(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxRoomsPerSocket(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerOptions.builder().maxBufferedBytes(4096).build())
                .as("soft limit above the hard budget").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerOptions.builder().maxBufferedBytes(32 * 1024)
                .lowPriorityBufferedBytes(1024).build())
                .as("high water mark above the hard budget").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompressionOptions.of(-1, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompressionOptions.of(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.of(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.of(1, Duration.ofSeconds(1)).withBurst(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.allowedOrigins("example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.allowedOrigins("https://example.com/")).isInstanceOf(IllegalArgumentException.class);
        assertThat(b.allowedOrigins("HTTPS://Example.com").build().allowedOrigins())
                .containsExactly("https://example.com");
    }

    @Test
    void tlsOptionsAreValidated() {
        assertThatThrownBy(() -> TlsOptions.pem(java.nio.file.Path.of("/nope.pem"), java.nio.file.Path.of("/k.pem"))
                .build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlsOptions.pem(java.nio.file.Path.of("a"), java.nio.file.Path.of("b"))
                .protocols()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlsOptions.pem(java.nio.file.Path.of("a"), java.nio.file.Path.of("b"))
                .handshakeTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
