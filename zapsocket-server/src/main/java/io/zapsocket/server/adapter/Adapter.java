package io.zapsocket.server.adapter;

import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.RemoteSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The room registry and broadcast engine of one namespace: the seam where a cluster adapter (Redis, ...) plugs
 * in. Mirrors Socket.IO's {@code Adapter}: membership methods are local; broadcast and remote operations reach
 * every node unless {@code flags.local}.
 *
 * <p>Implementations must be thread-safe: membership changes come from many event loops at once.
 *
 * @since 0.1
 */
public interface Adapter {

    /** Adds a socket to rooms. */
    void addAll(String socketId, Set<String> rooms);

    /** Removes a socket from a room. */
    void del(String socketId, String room);

    /** Removes a socket from every room. */
    void delAll(String socketId);

    /** The rooms of a local socket, or an empty set. */
    Set<String> socketRooms(String socketId);

    /** The ids of local sockets in any of {@code rooms} (all local sockets when empty). */
    Set<String> sockets(Set<String> rooms);

    /** Every room known locally. */
    Set<String> rooms();

    /** Broadcasts a packet (its {@code nsp} already set) to the targeted sockets. */
    void broadcast(SioPacket packet, BroadcastOptions opts);

    /**
     * Broadcasts a packet carrying an ack id. {@code clientCount} is called (once per node) with the number of
     * clients the packet was sent to; {@code onAck} once per client acknowledgement, or with {@code null} when a
     * counted client disconnected before answering.
     */
    void broadcastWithAck(SioPacket packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<Args> onAck);

    CompletableFuture<List<RemoteSocket>> fetchSockets(BroadcastOptions opts);

    void addSockets(BroadcastOptions opts, Set<String> rooms);

    void delSockets(BroadcastOptions opts, Set<String> rooms);

    void disconnectSockets(BroadcastOptions opts, boolean close);

    /**
     * Sends an event ({@code [event, ...args]}) to the other nodes of the cluster, where the namespace's
     * {@code onServerSideEmit} handlers receive it. The default (a single node) sends nothing.
     *
     * @since 0.2
     */
    default void serverSideEmit(List<Object> packet) {
    }

    /**
     * Sends an event to the other nodes and collects one acknowledgement (its first argument) per node. Fails with
     * {@link io.zapsocket.server.ServerSideEmitTimeoutException} when some node has not answered within the
     * adapter's request timeout. The default (a single node) completes at once with no responses.
     *
     * @since 0.2
     */
    default CompletableFuture<List<Object>> serverSideEmitWithAck(List<Object> packet) {
        return CompletableFuture.completedFuture(List.of());
    }

    /** The number of nodes in the cluster (1 for the in-memory adapter). */
    default CompletableFuture<Integer> serverCount() {
        return CompletableFuture.completedFuture(1);
    }

    /**
     * Keeps the state of a socket that disconnected for a recoverable reason (connection state recovery). The
     * default keeps nothing.
     */
    default void persistSession(PersistedSession session) {
    }

    /**
     * A socket connected (or was recovered) with connection state recovery on, for adapters that keep sessions
     * outside the process: storing it now, and again when the socket's rooms change ({@link #socketRooms}), lets its
     * client recover even when this node crashes and never calls {@link #persistSession}. {@code data} is the
     * socket's live, thread-safe {@code data} map: read it when storing, never modify it. The default keeps
     * nothing (a single node's sessions die with it anyway).
     *
     * @since 0.1.0
     */
    default void sessionStarted(String sid, String pid, Map<String, Object> data) {
    }

    /**
     * Recovers a session presented by a reconnecting client: completes with {@code null} when the session is
     * unknown or expired, or when {@code offset} is no longer buffered. A session can be restored once.
     */
    default CompletableFuture<RestoredSession> restoreSession(String pid, String offset) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The stored event packets ({@code [event, ...args, offset]}) broadcast after {@code offset} that reach a
     * recipient in {@code rooms}, oldest first, for a subscriber resuming without a session (Server-Sent Events'
     * {@code Last-Event-ID}). Completes with {@code null} when the offset is unknown or no longer stored (the
     * subscriber must then resync); the default stores nothing.
     *
     * @since 0.1.0
     */
    default CompletableFuture<List<List<Object>>> missedPackets(Set<String> rooms, String offset) {
        return CompletableFuture.completedFuture(null);
    }

    /** Releases resources; called when the namespace is removed or the server closes. */
    default void close() {
    }
}
