package io.zapsocket.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.zapsocket.sync.Sync;
import io.zapsocket.sync.SyncStats;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The sync layer's figures (needs {@code zapsocket-sync}), read from {@link Sync#stats()} (at most once a second
 * however many meters a scrape reads), each with the given tags (e.g. {@code namespace}, one binder per attached
 * {@link Sync}):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>zapsocket.sync.publishes</td><td>counter</td><td></td><td>publications appended to stream rooms</td></tr>
 *   <tr><td>zapsocket.sync.resumes</td><td>counter</td><td>outcome</td><td>{@code sync:subscribe} with
 *   {@code since}: {@code recovered} from the history, or {@code resync}</td></tr>
 *   <tr><td>zapsocket.sync.history.pages</td><td>counter</td><td></td><td>history pages read</td></tr>
 *   <tr><td>zapsocket.sync.presence.members</td><td>gauge</td><td></td><td>presence memberships of this node's
 *   sockets</td></tr>
 *   <tr><td>zapsocket.sync.inbox.messages</td><td>counter</td><td>outcome</td><td>{@code stored},
 *   {@code refused} (full or too large), {@code delivered} (sent to this node's sockets)</td></tr>
 *   <tr><td>zapsocket.sync.idempotent.replays</td><td>counter</td><td></td><td>repeated idempotent emits answered
 *   without running the handler</td></tr>
 * </table>
 *
 * @since 0.3
 */
public final class SyncMetrics implements MeterBinder {
    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final Sync sync;
    private final Tags tags;
    private volatile long readAt;
    private volatile SyncStats last;

    private SyncMetrics(Sync sync, Iterable<Tag> tags) {
        this.sync = Objects.requireNonNull(sync, "sync");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    public static SyncMetrics of(Sync sync) {
        return new SyncMetrics(sync, Tags.empty());
    }

    public static SyncMetrics of(Sync sync, Iterable<Tag> tags) {
        return new SyncMetrics(sync, tags);
    }

    private SyncStats stats() {
        SyncStats s = last;
        long now = System.nanoTime();
        if (s == null || now - readAt > CACHE_NANOS) {
            s = sync.stats();
            last = s;
            readAt = now;
        }
        return s;
    }

    private void counter(MeterRegistry r, String name, Tags extra, String description, ToDoubleFunction<SyncStats> f) {
        // the meter holds its object weakly: the Sync (the application keeps it), not this binder
        FunctionCounter.builder(name, sync, x -> f.applyAsDouble(stats())).tags(tags).tags(extra)
                .description(description).register(r);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "zapsocket.sync.publishes", Tags.empty(), "Publications appended to stream rooms",
                SyncStats::publishes);
        counter(registry, "zapsocket.sync.resumes", Tags.of("outcome", "recovered"),
                "Stream resumes (subscribe with since)", SyncStats::resumesRecovered);
        counter(registry, "zapsocket.sync.resumes", Tags.of("outcome", "resync"),
                "Stream resumes (subscribe with since)", SyncStats::resumesResynced);
        counter(registry, "zapsocket.sync.history.pages", Tags.empty(), "History pages read",
                SyncStats::historyPages);
        Gauge.builder("zapsocket.sync.presence.members", sync, x -> stats().presenceMembers()).tags(tags)
                .description("Presence memberships of this node's sockets").register(registry);
        counter(registry, "zapsocket.sync.inbox.messages", Tags.of("outcome", "stored"), "Inbox messages",
                SyncStats::inboxStored);
        counter(registry, "zapsocket.sync.inbox.messages", Tags.of("outcome", "refused"), "Inbox messages",
                SyncStats::inboxRefused);
        counter(registry, "zapsocket.sync.inbox.messages", Tags.of("outcome", "delivered"), "Inbox messages",
                SyncStats::inboxDelivered);
        counter(registry, "zapsocket.sync.idempotent.replays", Tags.empty(),
                "Repeated idempotent emits answered from the window", SyncStats::idempotentReplays);
    }
}
