package io.zapsocket.server.internal.engine;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Finds a client's address behind reverse proxies: when the TCP peer is a trusted proxy, the
 * {@code X-Forwarded-For} chain is walked from the right (the entry the nearest proxy appended) and the first address
 * that is not a trusted proxy is the client. Without trusted proxies, or from an untrusted peer, the header is
 * ignored: anyone can send it, so trusting it from anyone would let a client pick the address that the per-IP
 * handshake limit counts. An entry that is not an IP literal ends the walk at the last trusted hop (never a DNS
 * lookup). Immutable, thread-safe.
 */
public final class TrustedProxies {
    /** No proxy is trusted: the address is always the TCP peer's. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * @param specs IP addresses ({@code 10.0.0.7}, {@code ::1}) or CIDR ranges ({@code 10.0.0.0/8},
     *              {@code fd00::/8})
     * @throws IllegalArgumentException for anything else (host names are refused: no DNS)
     */
    public static TrustedProxies of(Collection<String> specs) {
        if (specs.isEmpty()) {
            return NONE;
        }
        List<Range> ranges = new ArrayList<>();
        for (String spec : specs) {
            ranges.add(Range.parse(spec));
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    /** Throws {@link IllegalArgumentException} unless {@code spec} is an IP address or a CIDR range. */
    public static void validate(String spec) {
        Range.parse(spec);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean trusts(InetAddress address) {
        byte[] b = unmapped(address.getAddress());
        for (Range r : ranges) {
            if (r.contains(b)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address: {@code peer} itself unless it is a trusted proxy, else from {@code forwardedFor} (the
     * values of every {@code X-Forwarded-For} header, in order; may be empty). Addresses taken from the header have
     * port 0 (unknown). {@code peer} may be {@code null} (unknown): then it is returned.
     */
    public InetSocketAddress clientAddress(InetSocketAddress peer, List<String> forwardedFor) {
        if (ranges.isEmpty() || peer == null || peer.getAddress() == null || forwardedFor.isEmpty()
                || !trusts(peer.getAddress())) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                hops.add(hop.trim());
            }
        }
        InetSocketAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return client; // garbage: the last hop we trust wrote (or passed on) something we can't read
            }
            client = new InetSocketAddress(hop, 0);
            if (!trusts(hop)) {
                return client;
            }
        }
        return client; // every hop is a trusted proxy: the leftmost is as far as the chain goes
    }

    /** An IP literal from an X-Forwarded-For entry: {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code [::1]:80}, {@code ::1}. */
    static InetAddress literal(String s) {
        String ip = s;
        if (ip.startsWith("[")) {
            int end = ip.indexOf(']');
            if (end < 0) {
                return null;
            }
            ip = ip.substring(1, end);
        } else if (ip.indexOf(':') > 0 && ip.indexOf(':') == ip.lastIndexOf(':') && ip.indexOf('.') > 0) {
            ip = ip.substring(0, ip.indexOf(':')); // IPv4 with a port
        }
        if (ip.isEmpty()) {
            return null;
        }
        return NetUtil.createInetAddressFromIpAddressString(ip);
    }

    /** {@code ::ffff:a.b.c.d} as the IPv4 address it carries (what a dual-stack socket reports for IPv4 peers). */
    private static byte[] unmapped(byte[] b) {
        if (b.length != 16 || b[10] != (byte) 0xff || b[11] != (byte) 0xff) {
            return b;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return b;
            }
        }
        return new byte[] {b[12], b[13], b[14], b[15]};
    }

    /** An address range: network bytes and a prefix length; IPv4 and IPv6 never match each other. */
    private record Range(byte[] network, int prefix) {
        static Range parse(String spec) {
            String s = spec == null ? "" : spec.trim();
            int slash = s.indexOf('/');
            InetAddress a = NetUtil.createInetAddressFromIpAddressString(slash < 0 ? s : s.substring(0, slash));
            if (a == null) {
                throw new IllegalArgumentException("not an IP address or CIDR range: " + spec);
            }
            byte[] b = unmapped(a.getAddress());
            int prefix = b.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad prefix length in " + spec);
                }
                if (prefix < 0 || prefix > b.length * 8) {
                    throw new IllegalArgumentException("prefix length out of range in " + spec);
                }
            }
            return new Range(b, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
