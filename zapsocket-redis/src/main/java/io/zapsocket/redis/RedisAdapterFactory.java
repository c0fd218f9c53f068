package io.zapsocket.redis;

import io.zapsocket.redis.internal.PubSubAdapter;
import io.zapsocket.redis.internal.RedisLink;
import io.zapsocket.redis.internal.ShardedAdapter;
import io.zapsocket.redis.internal.StreamsAdapters;
import io.zapsocket.server.adapter.Adapter;
import io.zapsocket.server.adapter.AdapterContext;
import io.zapsocket.server.adapter.AdapterFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Creates the Redis adapter of each namespace; pass it to {@code ServerOptions.builder().adapter(...)}. One factory
 * owns one set of Redis connections (commands, pub/sub, one blocking reader per stream) shared by all namespaces of
 * the server it is given to; create one factory per server and {@link #close()} it after the server.
 *
 * <p>Thread-safe. No method blocks on Redis I/O except {@link #close(Duration)}, which waits (bounded) for commands
 * already sent, e.g. sessions persisted while the server shut down.
 *
 * @since 0.2
 */
public final class RedisAdapterFactory implements AdapterFactory, AutoCloseable {
    /** The wire profile. */
    public enum Kind {
        /** {@code @socket.io/redis-adapter} 8.3, classic pub/sub. */
        PUB_SUB,
        /** {@code @socket.io/redis-adapter} 8.3, {@code createShardedAdapter} (Redis 7 sharded pub/sub). */
        SHARDED,
        /** {@code @socket.io/redis-streams-adapter} 0.3, with connection state recovery across nodes. */
        STREAMS
    }

    private final Kind kind;
    private final RedisAdapterOptions options;
    private final RedisLink link;
    private final StreamsAdapters streams;
    private final List<CompletableFuture<Void>> subscriptions = new CopyOnWriteArrayList<>();

    RedisAdapterFactory(Kind kind, RedisAdapterOptions options) {
        this.kind = kind;
        this.options = options;
        this.link = new RedisLink(options, "zapsocket-redis-" + kind.name().toLowerCase(java.util.Locale.ROOT));
        this.streams = kind == Kind.STREAMS ? new StreamsAdapters(link) : null;
    }

    @Override
    public Adapter create(AdapterContext context) {
        subscriptions.removeIf(f -> f.isDone() && !f.isCompletedExceptionally()); // dynamic namespaces come and go
        switch (kind) {
            case PUB_SUB: {
                PubSubAdapter a = new PubSubAdapter(context, link);
                subscriptions.add(a.subscribed());
                return a;
            }
            case SHARDED: {
                ShardedAdapter a = new ShardedAdapter(context, link);
                subscriptions.add(a.subscribed());
                return a;
            }
            default: {
                var a = streams.create(context);
                subscriptions.add(a.subscribed());
                return a;
            }
        }
    }

    public Kind kind() {
        return kind;
    }

    public RedisAdapterOptions options() {
        return options;
    }

    /** The connection state (shared by every namespace). */
    public AdapterState state() {
        return link.state();
    }

    /** Called on every state change (from a Lettuce thread: be quick). */
    public RedisAdapterFactory onStateChange(Consumer<AdapterState> listener) {
        link.onStateChange(listener);
        return this;
    }

    /**
     * Completes when every adapter created so far listens to its channels (and, for Streams, knows its stream
     * position): from then on the other nodes count this one in {@code serverCount()} and it misses nothing.
     */
    public CompletableFuture<Void> ready() {
        return CompletableFuture.allOf(subscriptions.toArray(new CompletableFuture<?>[0]));
    }

    /** Redis commands that failed since the start (errors, timeouts, queue full while Redis was unreachable). */
    public long failedCommands() {
        return link.commandFailures();
    }

    /**
     * Commands sent to Redis and not answered yet: queued by the client (at most {@code maxQueuedCommands} while
     * Redis is unreachable) or in flight. Blocking stream reads are not counted.
     *
     * @since 0.3
     */
    public int queuedCommands() {
        return link.queuedCommands();
    }

    /**
     * Cluster requests that timed out since the start: fetchSockets and serverSideEmit with ack that did not get
     * every node's answer within {@code requestsTimeout}.
     *
     * @since 0.3
     */
    public long requestTimeouts() {
        return link.requestTimeouts();
    }

    /** Messages from Redis dropped because the inbound backlog ({@code maxInboundBacklog}) was full. */
    public long droppedMessages() {
        return link.dispatcher().dropped();
    }

    /** Messages from Redis waiting to be applied locally. */
    public int inboundBacklog() {
        return link.dispatcher().backlog();
    }

    /**
     * Closes the connections after waiting up to {@code grace} for the commands already sent, then waits (at most 6 s
     * more) for Lettuce's clients and threads to stop. Idempotent.
     */
    public void close(Duration grace) {
        link.close(grace);
    }

    /** {@link #close(Duration)} with 2 s. */
    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        return "RedisAdapterFactory{" + kind + ", " + options + ", " + state() + '}';
    }
}
