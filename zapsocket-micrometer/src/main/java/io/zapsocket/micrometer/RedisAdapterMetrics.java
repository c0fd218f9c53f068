package io.zapsocket.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.zapsocket.redis.AdapterState;
import io.zapsocket.redis.RedisAdapterFactory;
import java.util.Objects;

/**
 * The Redis adapter's figures (needs {@code zapsocket-redis}): {@code zapsocket.redis.connected} (gauge, 1 when
 * every connection is up), {@code zapsocket.redis.commands.failed} (counter: errors, timeouts, full queue while
 * Redis was unreachable), {@code zapsocket.redis.messages.dropped} (counter: messages from Redis dropped because
 * the inbound backlog was full), {@code zapsocket.redis.inbound.backlog} (gauge: messages from Redis waiting to
 * be applied), {@code zapsocket.redis.commands.queued} (gauge: commands sent and not answered yet, queued while
 * Redis is unreachable) and {@code zapsocket.redis.requests.timeouts} (counter: fetchSockets / serverSideEmit with
 * ack that did not get every node's answer in time), each tagged {@code kind} (the adapter kind) and the given tags.
 *
 * @since 0.3
 */
public final class RedisAdapterMetrics implements MeterBinder {
    private final RedisAdapterFactory factory;
    private final Tags tags;

    private RedisAdapterMetrics(RedisAdapterFactory factory, Iterable<Tag> tags) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"))
                .and("kind", factory.kind().name().toLowerCase(java.util.Locale.ROOT));
    }

    public static RedisAdapterMetrics of(RedisAdapterFactory factory) {
        return new RedisAdapterMetrics(factory, Tags.empty());
    }

    public static RedisAdapterMetrics of(RedisAdapterFactory factory, Iterable<Tag> tags) {
        return new RedisAdapterMetrics(factory, tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("zapsocket.redis.connected", factory, f -> f.state() == AdapterState.CONNECTED ? 1 : 0)
                .tags(tags).description("1 when every Redis connection of the adapter is up").register(registry);
        FunctionCounter.builder("zapsocket.redis.commands.failed", factory, RedisAdapterFactory::failedCommands)
                .tags(tags).description("Redis commands that failed (errors, timeouts, queue full)").register(registry);
        FunctionCounter.builder("zapsocket.redis.messages.dropped", factory, RedisAdapterFactory::droppedMessages)
                .tags(tags).description("Messages from Redis dropped (inbound backlog full)").register(registry);
        Gauge.builder("zapsocket.redis.inbound.backlog", factory, RedisAdapterFactory::inboundBacklog)
                .tags(tags).description("Messages from Redis waiting to be applied").register(registry);
        Gauge.builder("zapsocket.redis.commands.queued", factory, RedisAdapterFactory::queuedCommands)
                .tags(tags).description("Redis commands sent and not answered yet").register(registry);
        FunctionCounter.builder("zapsocket.redis.requests.timeouts", factory, RedisAdapterFactory::requestTimeouts)
                .tags(tags).description("Cluster requests (fetchSockets, serverSideEmit with ack) that timed out")
                .register(registry);
    }
}
