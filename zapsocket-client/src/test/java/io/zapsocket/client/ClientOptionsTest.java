package io.zapsocket.client;

import io.zapsocket.protocol.Transport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClientOptionsTest {

    @Test
    void defaultsFollowTheJavaScriptClient() {
        ClientOptions o = ClientOptions.DEFAULT;

        assertThat(o.transports()).containsExactly(Transport.POLLING, Transport.WEBSOCKET);
        assertThat(o.upgrade()).isTrue();
        assertThat(o.rememberUpgrade()).isFalse();
        assertThat(o.tryAllTransports()).isFalse();
        assertThat(o.path()).isEqualTo("/socket.io/");
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.reconnection()).isTrue();
        assertThat(o.reconnectionAttempts()).isEqualTo(Integer.MAX_VALUE);
        assertThat(o.reconnectionDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.reconnectionDelayMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.randomizationFactor()).isEqualTo(0.5);
        assertThat(o.auth()).isNull();
        assertThat(o.ackTimeout()).isNull();
        assertThat(o.retries()).isZero();
        assertThat(o.sendBufferSize()).isEqualTo(1024);
        assertThat(o.overflowPolicy()).isEqualTo(OverflowPolicy.REJECT);
        assertThat(o.receiveBufferSize()).isEqualTo(1024);
        assertThat(o.persistentQueue()).isNull();
        assertThat(o.listenerExecutor()).isNull();
        assertThat(o.maxIncomingBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(o.maxAttachments()).isEqualTo(10);
    }

    @Test
    void toBuilderCopiesEveryOptionAndTheResultIsImmutable() {
        ClientOptions o = ClientOptions.builder().transports(Transport.WEBSOCKET).upgrade(false).path("/x/")
                .query("a", "1").extraHeader("X-Y", "z").timeout(Duration.ofSeconds(3)).reconnectionAttempts(7)
                .ackTimeout(Duration.ofSeconds(2)).retries(4).sendBufferSize(9).overflowPolicy(OverflowPolicy.DROP_OLDEST)
                .auth(Map.of("token", "t")).idempotencyKeys(true).build();

        ClientOptions copy = o.toBuilder().build();
        assertThat(copy.idempotencyKeys()).isTrue();
        assertThat(ClientOptions.DEFAULT.idempotencyKeys()).isFalse();

        assertThat(copy.toString()).isEqualTo(o.toString());
        assertThat(copy.auth().get()).isEqualTo(Map.of("token", "t"));
        assertThatThrownBy(() -> o.query().put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> o.transports().add(Transport.POLLING))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void webTransportNeedsTheWebTransportModule() {
        // zapsocket-webtransport provides it (WebTransportClientTest); it is not on this module's class path
        assertThatThrownBy(() -> ClientOptions.builder().transports(Transport.POLLING, Transport.WEBTRANSPORT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zapsocket-webtransport");
    }

    @Test
    void theAuthSupplierIsKeptNotEvaluated() {
        int[] calls = {0};
        ClientOptions o = ClientOptions.builder().auth(() -> Map.of("n", ++calls[0])).build();

        assertThat(calls[0]).isZero();
        assertThat(o.auth().get()).isEqualTo(Map.of("n", 1));
        assertThat(o.auth().get()).isEqualTo(Map.of("n", 2));
    }

    static List<Object[]> invalid() throws Exception {
        TrustManager tm = new X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
        SSLContext ssl = SSLContext.getDefault();
        return List.of(
                new Object[] {"transports must not be empty", (UnaryOperator<ClientOptions.Builder>) b -> b.transports()},
                new Object[] {"must not repeat", (UnaryOperator<ClientOptions.Builder>) b ->
                        b.transports(Transport.POLLING, Transport.POLLING)},
                new Object[] {"path must start", (UnaryOperator<ClientOptions.Builder>) b -> b.path("socket.io")},
                new Object[] {"not both", (UnaryOperator<ClientOptions.Builder>) b -> b.sslContext(ssl).trustManager(tm)},
                new Object[] {"timeout must be positive", (UnaryOperator<ClientOptions.Builder>) b ->
                        b.timeout(Duration.ZERO)},
                new Object[] {"reconnectionDelayMax", (UnaryOperator<ClientOptions.Builder>) b ->
                        b.reconnectionDelay(Duration.ofSeconds(10))},
                new Object[] {"reconnectionDelay must be in", (UnaryOperator<ClientOptions.Builder>) b ->
                        b.reconnectionDelay(Duration.ofMillis(-1))},
                new Object[] {"reconnectionAttempts", (UnaryOperator<ClientOptions.Builder>) b ->
                        b.reconnectionAttempts(-1)},
                new Object[] {"randomizationFactor", (UnaryOperator<ClientOptions.Builder>) b ->
                        b.randomizationFactor(1.5)},
                new Object[] {"randomizationFactor", (UnaryOperator<ClientOptions.Builder>) b ->
                        b.randomizationFactor(Double.NaN)},
                new Object[] {"ackTimeout must be positive", (UnaryOperator<ClientOptions.Builder>) b ->
                        b.ackTimeout(Duration.ofMillis(-5))},
                new Object[] {"retries must be >= 0", (UnaryOperator<ClientOptions.Builder>) b -> b.retries(-1)},
                new Object[] {"retries needs an ackTimeout", (UnaryOperator<ClientOptions.Builder>) b -> b.retries(3)},
                new Object[] {"persistentQueue needs retries", (UnaryOperator<ClientOptions.Builder>) b ->
                        b.persistentQueue(Path.of("q.log"))},
                new Object[] {"sendBufferSize", (UnaryOperator<ClientOptions.Builder>) b -> b.sendBufferSize(-1)},
                new Object[] {"receiveBufferSize", (UnaryOperator<ClientOptions.Builder>) b -> b.receiveBufferSize(-1)},
                new Object[] {"maxIncomingBytes", (UnaryOperator<ClientOptions.Builder>) b -> b.maxIncomingBytes(10)},
                new Object[] {"maxAttachments", (UnaryOperator<ClientOptions.Builder>) b -> b.maxAttachments(-1)},
                new Object[] {"invalid header name", (UnaryOperator<ClientOptions.Builder>) b ->
                        b.extraHeader("Bad Header", "x")});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void buildRejectsInvalidValuesNamingTheOption(String message, UnaryOperator<ClientOptions.Builder> change) {
        assertThatThrownBy(() -> change.apply(ClientOptions.builder()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void theUrlMustBeUsable() {
        assertThatThrownBy(() -> SocketClient.create("ftp://x", ClientOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme");
        assertThatThrownBy(() -> SocketClient.create("http://127.0.0.1:1/admin", ClientOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespaces are given to socket");
        assertThatThrownBy(() -> SocketClient.create("http://127.0.0.1:1/?EIO=3", ClientOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    @Test
    void reservedEventNamesAndBadNamespacesAreProgrammerErrors() {
        try (SocketClient c = SocketClient.create("http://127.0.0.1:1",
                ClientOptions.builder().reconnection(false).build())) {
            ClientSocket s = c.socket("/");
            assertThatThrownBy(() -> s.emit("connect")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reserved");
            assertThatThrownBy(() -> s.on("disconnect", (a, ack) -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.emit("ev", new Object() {
                @SuppressWarnings("unused")
                public Object getSelf() {
                    return this;
                }
            })).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.socket("admin")).isInstanceOf(IllegalArgumentException.class);
            assertThat(c.socket("")).isSameAs(s);
        }
    }
}
