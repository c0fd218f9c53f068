package io.zapsocket.server;

/**
 * A per-client-IP token bucket for new Engine.IO connections (handshakes): each address may open {@link #burst()}
 * connections at once, refilled at {@link #perSecond()} per second. A handshake beyond that is refused with
 * HTTP {@code 429} and {@code {"code":7,"message":"Too many requests"}} (WebSocket: a raw 429). Requests of existing
 * sessions (polls, POSTs, upgrades) are not limited.
 *
 * <p>The address is the client's: the TCP peer's, or, behind reverse proxies listed in
 * {@link ServerOptions#trustedProxies()}, the one they forward in {@code X-Forwarded-For} (without that, every client
 * behind a proxy shares the proxy's bucket). At most 100 000 addresses are tracked; idle ones (full bucket) are forgotten.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public final class HandshakeRateLimit {
    private final double perSecond;
    private final int burst;

    private HandshakeRateLimit(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /**
     * @param perSecond refill rate, handshakes per second per address ({@code > 0})
     * @param burst     bucket size ({@code >= 1})
     */
    public static HandshakeRateLimit of(double perSecond, int burst) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be positive and finite: " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1: " + burst);
        }
        return new HandshakeRateLimit(perSecond, burst);
    }

    public double perSecond() {
        return perSecond;
    }

    public int burst() {
        return burst;
    }

    @Override
    public String toString() {
        return "HandshakeRateLimit{perSecond=" + perSecond + ", burst=" + burst + '}';
    }
}
