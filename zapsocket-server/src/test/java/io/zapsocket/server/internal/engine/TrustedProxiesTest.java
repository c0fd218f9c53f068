package io.zapsocket.server.internal.engine;

import io.zapsocket.server.ServerOptions;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client addresses behind reverse proxies: X-Forwarded-For is believed only from trusted proxies. */
class TrustedProxiesTest {
    private static final InetSocketAddress PROXY = new InetSocketAddress("10.0.0.5", 40000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("192.0.2.9", 40000);
    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8::/32", "172.16.0.1"));

    private String client(InetSocketAddress peer, String... xff) {
        return proxies.clientAddress(peer, List.of(xff)).getAddress().getHostAddress();
    }

    @Test
    void theRightMostUntrustedHopIsTheClient() {
        assertThat(client(PROXY, "203.0.113.7")).isEqualTo("203.0.113.7");
        // a client-supplied entry on the left cannot win over what the proxies appended
        assertThat(client(PROXY, "6.6.6.6, 203.0.113.7, 10.1.2.3")).isEqualTo("203.0.113.7");
        // several headers are one chain, in order
        assertThat(client(PROXY, "6.6.6.6", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(proxies.clientAddress(PROXY, List.of("203.0.113.7")).getPort()).isZero();
    }

    @Test
    void anUntrustedPeerOrNoHeaderKeepsThePeer() {
        assertThat(proxies.clientAddress(STRANGER, List.of("203.0.113.7"))).isSameAs(STRANGER);
        assertThat(proxies.clientAddress(PROXY, List.of())).isSameAs(PROXY);
        assertThat(TrustedProxies.NONE.clientAddress(PROXY, List.of("203.0.113.7"))).isSameAs(PROXY);
        assertThat(proxies.clientAddress(null, List.of("203.0.113.7"))).isNull();
    }

    @Test
    void allTrustedHopsGiveTheLeftMostAndGarbageStopsTheWalk() {
        assertThat(client(PROXY, "10.9.9.9, 172.16.0.1")).isEqualTo("10.9.9.9");
        // not an IP (never resolved): the client is the last hop we trust, not the garbage
        assertThat(client(PROXY, "evil.example, 10.1.1.1")).isEqualTo("10.1.1.1");
        assertThat(client(PROXY, "unknown")).isEqualTo("10.0.0.5");
        assertThat(client(PROXY, "")).isEqualTo("10.0.0.5");
    }

    @Test
    void portsBracketsIpv6AndMappedAddresses() {
        assertThat(client(PROXY, "203.0.113.7:5123")).isEqualTo("203.0.113.7");
        assertThat(client(PROXY, "[2001:db9::1]:443")).isEqualTo("2001:db9:0:0:0:0:0:1");
        assertThat(client(PROXY, "2001:db9::1")).isEqualTo("2001:db9:0:0:0:0:0:1");
        assertThat(client(PROXY, "2001:db9::1, 2001:db8::77")).as("IPv6 proxy range").isEqualTo("2001:db9:0:0:0:0:0:1");
        assertThat(proxies.trusts(new InetSocketAddress("::ffff:10.2.3.4", 0).getAddress())).isTrue();
        assertThat(proxies.trusts(new InetSocketAddress("11.0.0.1", 0).getAddress())).isFalse();
        assertThat(proxies.trusts(new InetSocketAddress("172.16.0.2", 0).getAddress())).isFalse();
    }

    @Test
    void specsAreValidatedWithoutDns() {
        assertThat(ServerOptions.builder().trustedProxies("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8").build()
                .trustedProxies()).containsExactly("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8");
        assertThat(ServerOptions.DEFAULT.trustedProxies()).isEmpty();
        for (String bad : List.of("proxy.example.com", "10.0.0.0/33", "10.0.0.0/x", "", "::1/129", "1.2.3")) {
            assertThatThrownBy(() -> ServerOptions.builder().trustedProxies(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
