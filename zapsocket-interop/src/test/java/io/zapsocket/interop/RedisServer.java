package io.zapsocket.interop;

import io.zapsocket.testkit.RedisProcess;
import java.io.IOException;
import java.time.Duration;

/** The cluster tests' Redis: a {@link RedisProcess} (own redis-server on a free loopback port, no persistence). */
final class RedisServer implements AutoCloseable {
    private final RedisProcess redis;

    private RedisServer(RedisProcess redis) {
        this.redis = redis;
    }

    static RedisServer start() throws IOException {
        return new RedisServer(RedisProcess.start());
    }

    static int freePort() throws IOException {
        return RedisProcess.freePort();
    }

    String uri() {
        return redis.uri();
    }

    /** Stops Redis, keeps it down for {@code downtime}, then starts it again on the same port (empty). */
    void restart(Duration downtime) throws IOException {
        redis.restart(downtime);
    }

    @Override
    public void close() {
        redis.close();
    }
}
