package io.zapsocket.postgres.internal;

import io.zapsocket.server.adapter.AdapterContext;
import io.zapsocket.server.adapter.ClusterAdapterWithHeartbeat;
import io.zapsocket.server.adapter.ClusterMessage;
import java.util.concurrent.CompletableFuture;

/**
 * The adapter of one namespace, as {@code PostgresAdapter} of {@code @socket.io/postgres-adapter} 0.5: the cluster
 * template with heartbeats (PostgreSQL cannot count listeners), every message and answer NOTIFY'd on the
 * namespace's channel {@code channelPrefix#nsp}. No connection state recovery (Node's adapter has none either).
 */
public final class PostgresAdapter extends ClusterAdapterWithHeartbeat {
    private final PgLink link;
    private final String channel;
    private final CompletableFuture<Void> listening;

    public PostgresAdapter(AdapterContext context, PgLink link) {
        super(context, link.clusterConfig(), link.options().heartbeatInterval(), link.options().heartbeatTimeout());
        this.link = link;
        this.channel = link.channel(nsp);
        // announce this node once it can hear the answers
        this.listening = link.listen(channel, uid, m -> onMessage(m, null)).thenRun(this::start);
    }

    /** Completes once this adapter listens to its channel and has announced itself. */
    public CompletableFuture<Void> listening() {
        return listening;
    }

    @Override
    protected CompletableFuture<String> doPublish(ClusterMessage message) {
        return link.publish(channel, message).thenApply(v -> "");
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, ClusterMessage response) {
        return link.publish(channel, response);
    }

    @Override
    public void close() {
        super.close();
        link.unlisten(channel, uid);
    }
}
