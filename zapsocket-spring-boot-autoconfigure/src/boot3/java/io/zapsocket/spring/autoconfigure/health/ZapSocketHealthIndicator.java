package io.zapsocket.spring.autoconfigure.health;

import io.zapsocket.server.ServerStats;
import io.zapsocket.spring.autoconfigure.ZapSocketLifecycle;
import java.net.InetSocketAddress;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Actuator health of the Zap-Socket server ({@code /actuator/health/zapsocket}): {@code UP} while it listens,
 * {@code OUT_OF_SERVICE} before it started and while it drains or after it stopped. Details: {@code state}
 * ({@code listening}, {@code stopped}), {@code address}, {@code connections}, {@code sockets} (per namespace),
 * {@code slowClientDisconnects}.
 *
 * @since 0.1.0
 */
public class ZapSocketHealthIndicator extends AbstractHealthIndicator {

    private final ZapSocketLifecycle lifecycle;

    public ZapSocketHealthIndicator(ZapSocketLifecycle lifecycle) {
        super("Zap-Socket health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        InetSocketAddress address = lifecycle.server().address();
        boolean listening = lifecycle.isRunning() && address != null;
        ServerStats stats = lifecycle.server().stats();
        (listening ? builder.up() : builder.outOfService())
                .withDetail("state", listening ? "listening" : "stopped")
                .withDetail("connections", stats.connections())
                .withDetail("sockets", stats.socketsByNamespace())
                .withDetail("slowClientDisconnects", stats.slowClientDisconnects());
        if (address != null) {
            builder.withDetail("address", address.getHostString() + ":" + address.getPort());
        }
    }
}
