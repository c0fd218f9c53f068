package io.zapsocket.postgres;

import io.zapsocket.postgres.internal.PgLink;
import io.zapsocket.postgres.internal.PostgresAdapter;
import io.zapsocket.server.adapter.Adapter;
import io.zapsocket.server.adapter.AdapterContext;
import io.zapsocket.server.adapter.AdapterFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Creates the PostgreSQL adapter of each namespace; pass it to {@code ServerOptions.builder().adapter(...)}. One
 * factory owns two connections (a dedicated LISTEN connection and a publisher connection) shared by all namespaces
 * of the server it is given to; create one factory per server and {@link #close()} it after the server.
 *
 * <p>Thread-safe. No method blocks on PostgreSQL except {@link #close(Duration)}, which waits (bounded) for queued
 * publishes, e.g. the goodbyes of the namespaces of a closing server.
 *
 * @since 0.2
 */
public final class PostgresAdapterFactory implements AdapterFactory, AutoCloseable {
    private final PostgresAdapterOptions options;
    private final PgLink link;
    private final List<CompletableFuture<Void>> listening = new CopyOnWriteArrayList<>();

    PostgresAdapterFactory(PostgresAdapterOptions options) {
        this.options = options;
        this.link = new PgLink(options, "zapsocket-postgres");
    }

    @Override
    public Adapter create(AdapterContext context) {
        listening.removeIf(f -> f.isDone() && !f.isCompletedExceptionally()); // dynamic namespaces come and go
        PostgresAdapter a = new PostgresAdapter(context, link);
        listening.add(a.listening());
        return a;
    }

    public PostgresAdapterOptions options() {
        return options;
    }

    /**
     * Completes when every adapter created so far listens to its channel and has announced itself; the other nodes
     * count this one once they have heard it.
     */
    public CompletableFuture<Void> ready() {
        return CompletableFuture.allOf(listening.toArray(new CompletableFuture<?>[0]));
    }

    /** Publishes that failed since the start (PostgreSQL errors or unreachable, publish queue full). */
    public long failedPublishes() {
        return link.failedPublishes();
    }

    /** Notifications dropped because the inbound backlog ({@code maxInboundBacklog}) was full. */
    public long droppedMessages() {
        return link.dispatcher().dropped();
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

    /** Notifications waiting to be applied locally. */
    public int inboundBacklog() {
        return link.dispatcher().backlog();
    }

    /** Closes the connections after waiting up to {@code grace} for queued publishes. Idempotent. */
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
        return "PostgresAdapterFactory{" + options + '}';
    }
}
