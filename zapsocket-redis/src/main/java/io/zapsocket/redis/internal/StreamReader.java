package io.zapsocket.redis.internal;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one stream for every namespace mapped to it: {@code XREAD BLOCK <blockTime> COUNT <readCount> STREAMS
 * <stream> <lastId>} in a loop on a dedicated connection, handing each entry to its namespace's adapter on the
 * dispatcher thread.
 *
 * <p>Unlike Node (which starts from {@code $} and restarts from {@code $} after a failure), the reader pins the
 * position: at start it takes the id of the newest entry ({@code 0-0} for an empty stream) and from then on always
 * asks for entries after the last one it read. A Redis restart or an outage therefore loses no entry that Redis
 * still has: Lettuce re-sends the blocked {@code XREAD} once reconnected, and a failed read is retried with the same
 * id (100 ms to 2 s apart).
 */
final class StreamReader {
    private static final Logger log = LoggerFactory.getLogger(StreamReader.class);

    private final RedisLink link;
    private final String stream;
    private final Map<String, StreamsAdapter> adapters = new ConcurrentHashMap<>();
    private final CompletableFuture<String> startId = new CompletableFuture<>();
    private volatile RedisConn connection;
    private volatile String lastId;
    private volatile boolean closed;
    private final Runnable unwatch;

    StreamReader(RedisLink link, String stream) {
        this.link = link;
        this.stream = stream;
        link.dedicatedConnection().whenComplete((c, e) -> {
            if (c != null) {
                connection = c;
                resolveStart(0);
            }
        });
        // a read blocked on a master that died fails at once (and is sent again to the new master)
        this.unwatch = link.onMasterChange(stream, () -> {
            RedisConn c = connection;
            if (c != null) {
                c.closeAsync();
            }
        });
    }

    void register(StreamsAdapter adapter) {
        adapters.put(adapter.namespace(), adapter);
    }

    /** Returns {@code true} when no namespace uses this stream any more. */
    boolean unregister(StreamsAdapter adapter) {
        adapters.remove(adapter.namespace(), adapter);
        return adapters.isEmpty();
    }

    /** The id of the newest entry when reading started: entries after it are all read. */
    CompletableFuture<String> startId() {
        return startId;
    }

    private void resolveStart(int attempt) {
        if (closed) {
            return;
        }
        connection.async().xrevrange(stream, Range.unbounded(), Limit.create(0, 1)).whenComplete((entries, e) -> {
            if (e != null) {
                link.countFailure();
                if (attempt == 0) {
                    log.warn("stream {}: reading its newest entry failed ({}), retrying", stream, e.toString());
                }
                link.schedule(() -> replaceConnectionIfClusterThen(() -> resolveStart(attempt + 1)), backoff(attempt));
                return;
            }
            String id = entries.isEmpty() ? "0-0" : entries.get(0).getId();
            lastId = id;
            startId.complete(id);
            poll(0);
        });
    }

    private static java.time.Duration backoff(int attempt) {
        return java.time.Duration.ofMillis(Math.min(2000, 100L << Math.min(attempt, 5)));
    }

    @SuppressWarnings("unchecked") // xread(XReadArgs, StreamOffset<K>...) with one offset
    private void poll(int failed) {
        if (closed) {
            return;
        }
        var args = XReadArgs.Builder.block(link.options().blockTime().toMillis()).count(link.options().readCount());
        connection.async().xread(args, XReadArgs.StreamOffset.from(stream, lastId)).whenComplete((entries, e) -> {
            if (closed) {
                return;
            }
            if (e != null) {
                link.countFailure();
                if (failed == 0) {
                    log.warn("stream {}: XREAD failed ({}), retrying from {}", stream, e.toString(), lastId);
                } else {
                    log.debug("stream {}: XREAD failed {} times in a row: {}", stream, failed + 1, e.toString());
                }
                link.schedule(() -> replaceConnectionIfClusterThen(() -> poll(failed + 1)), backoff(failed));
                return;
            }
            if (failed > 0) {
                log.info("stream {}: reading again from {}", stream, lastId);
            }
            onEntries(entries);
            poll(0);
        });
    }

    private void onEntries(List<StreamMessage<String, byte[]>> entries) {
        for (StreamMessage<String, byte[]> entry : entries) {
            lastId = entry.getId();
            byte[] nsp = entry.getBody().get("nsp");
            if (nsp == null) {
                continue;
            }
            StreamsAdapter adapter = adapters.get(new String(nsp, java.nio.charset.StandardCharsets.UTF_8));
            if (adapter != null) {
                link.dispatcher().execute(() -> adapter.onEntry(entry.getId(), entry.getBody()));
            }
        }
    }

    /**
     * On a Redis Cluster the dedicated connection does not reconnect by itself (a node that died may never come
     * back): after a failed read, a new connection (with the slot map as it is now) replaces it. Elsewhere Lettuce
     * reconnects the same one.
     */
    private void replaceConnectionIfClusterThen(Runnable next) {
        if (closed) {
            return;
        }
        if (!link.isCluster()) {
            next.run();
            return;
        }
        RedisConn old = connection;
        link.closeDedicated(old);
        link.dedicatedConnection().whenComplete((c, e) -> {
            if (c != null) {
                connection = c;
                next.run();
            }
        });
    }

    void close() {
        closed = true;
        unwatch.run();
    }
}
