package io.zapsocket.interop;

import java.time.Duration;

/**
 * The configurable part of the interop test app (see {@code node/APP.md}). Every {@link AppServer} implementation
 * must honour all three.
 *
 * @param pingInterval Engine.IO {@code pingInterval} (default 25 s)
 * @param pingTimeout Engine.IO {@code pingTimeout} (default 20 s)
 * @param maxHttpBufferSize {@code maxHttpBufferSize} in bytes (default 1e6)
 */
public record AppOptions(Duration pingInterval, Duration pingTimeout, int maxHttpBufferSize) {
    public static final AppOptions DEFAULTS = new AppOptions(Duration.ofMillis(25_000), Duration.ofMillis(20_000),
            1_000_000);

    public AppOptions withPing(Duration interval, Duration timeout) {
        return new AppOptions(interval, timeout, maxHttpBufferSize);
    }

    public AppOptions withMaxHttpBufferSize(int bytes) {
        return new AppOptions(pingInterval, pingTimeout, bytes);
    }
}
