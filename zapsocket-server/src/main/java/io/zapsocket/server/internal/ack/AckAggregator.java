package io.zapsocket.server.internal.ack;

import io.zapsocket.protocol.Args;
import io.zapsocket.server.BroadcastAckTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The answers to one broadcast with ack, across recipients and nodes: completes {@link #future()} once every
 * namespace has reported its node count, every node its client count, and every counted client has answered (or
 * disconnected), as Socket.IO's broadcast ack does; {@link #timeout()} settles with the responses received so far.
 *
 * <p>Fed from several threads (each target's adapter, each recipient's loop, cluster responses); the counters are
 * guarded by this object's monitor, held only for a few additions.
 */
public final class AckAggregator {
    private final CompletableFuture<List<Args>> future = new CompletableFuture<>();
    private final List<Args> responses = new ArrayList<>();
    private final AtomicBoolean done = new AtomicBoolean();
    private int pendingNamespaces;
    private int expectedServers;
    private int reportedServers;
    private int expectedClients;

    /** @param namespaces how many namespaces the broadcast goes to (each reports its {@link #serverCount}) */
    public AckAggregator(int namespaces) {
        this.pendingNamespaces = namespaces;
    }

    /** The answers, once all are in (or a {@link BroadcastAckTimeoutException} with those received). */
    public CompletableFuture<List<Args>> future() {
        return future;
    }

    /** A node reports how many of its clients the broadcast reached. */
    public synchronized void clientCount(int n) {
        expectedClients += n;
        reportedServers++;
        check();
    }

    /** A namespace reports how many nodes the broadcast goes to. */
    public synchronized void serverCount(int n) {
        expectedServers += n;
        pendingNamespaces--;
        check();
    }

    /** A client's answer, or {@code null} when it disconnected before answering. */
    public synchronized void response(Args args) {
        if (args == null) {
            expectedClients--;
        } else {
            responses.add(args);
        }
        check();
    }

    private void check() {
        if (pendingNamespaces == 0 && reportedServers >= expectedServers
                && responses.size() >= expectedClients && done.compareAndSet(false, true)) {
            future.complete(List.copyOf(responses));
        }
    }

    /**
     * The broadcast's timeout: fails the future with the responses so far, unless it already completed.
     *
     * @return whether this call timed the broadcast out (for the ack timeout metric)
     */
    public synchronized boolean timeout() {
        if (done.compareAndSet(false, true)) {
            future.completeExceptionally(new BroadcastAckTimeoutException(responses));
            return true;
        }
        return false;
    }
}
