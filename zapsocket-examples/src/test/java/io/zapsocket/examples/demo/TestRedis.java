package io.zapsocket.examples.demo;

import io.zapsocket.testkit.RedisProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throw-away {@code redis-server} ({@link RedisProcess}: free loopback port, no persistence) and the demo's
 * connections to it, for the Redis-backed stores' tests. Each test gets its own key prefix, so tests never see each
 * other's keys. {@link #close()} closes the connections and stops Redis.
 */
final class TestRedis implements AutoCloseable {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    final RedisProcess process;
    private final List<DemoRedis> connections = new ArrayList<>();

    private TestRedis(RedisProcess process) {
        this.process = process;
    }

    static TestRedis start() throws IOException {
        return new TestRedis(RedisProcess.start());
    }

    /** A new connection (a "node"). */
    synchronized DemoRedis connect() {
        DemoRedis c = DemoRedis.connect(process.uri(), "unused:");
        connections.add(c);
        return c;
    }

    /** A key prefix no other test uses. */
    static String newPrefix() {
        return "test" + PREFIXES.incrementAndGet() + ":";
    }

    @Override
    public synchronized void close() {
        try {
            connections.forEach(DemoRedis::close);
        } finally {
            process.close();
        }
    }
}
