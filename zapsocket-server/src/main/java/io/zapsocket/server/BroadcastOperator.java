package io.zapsocket.server;

import io.zapsocket.protocol.Args;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Targets a set of sockets of one namespace: all of them, or those in some rooms, minus those in other rooms.
 * Immutable: each method returns a new operator, so operators can be kept and shared between threads.
 * A broadcast is encoded once and the same bytes are written to every recipient.
 *
 * @since 0.1
 */
public interface BroadcastOperator {

    /** Adds rooms to the target (union). {@code in} is an alias. */
    BroadcastOperator to(String... rooms);

    BroadcastOperator to(Collection<String> rooms);

    BroadcastOperator in(String... rooms);

    /** Excludes the sockets in these rooms. */
    BroadcastOperator except(String... rooms);

    BroadcastOperator except(Collection<String> rooms);

    /** Packets may be dropped for recipients whose transport is not ready. */
    BroadcastOperator asVolatile();

    BroadcastOperator compress(boolean compress);

    /** Delivery priority on each recipient's connection (default {@link Priority#NORMAL}). */
    BroadcastOperator priority(Priority priority);

    /** Broadcast acknowledgements time out after this duration. */
    BroadcastOperator timeout(Duration timeout);

    /** Only sockets of this node (matters with a cluster adapter). */
    BroadcastOperator local();

    /** Sends an event to every targeted socket. */
    boolean emit(String event, Object... args);

    /**
     * Sends an event asking every targeted socket for an acknowledgement; completes with one {@link Args} per
     * client once all have answered. On timeout, fails with a {@link BroadcastAckTimeoutException} that carries
     * the responses received so far.
     */
    CompletableFuture<List<Args>> emitWithAck(String event, Object... args);

    /** The targeted sockets (local and, with a cluster adapter, remote). */
    CompletableFuture<List<RemoteSocket>> fetchSockets();

    /** Makes the targeted sockets join rooms. */
    void socketsJoin(String... rooms);

    /** Makes the targeted sockets leave rooms. */
    void socketsLeave(String... rooms);

    /** Disconnects the targeted sockets; {@code close} also closes their underlying connections. */
    void disconnectSockets(boolean close);
}
