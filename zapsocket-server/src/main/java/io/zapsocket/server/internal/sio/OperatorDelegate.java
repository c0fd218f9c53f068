package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.Args;
import io.zapsocket.server.BroadcastOperator;
import io.zapsocket.server.Priority;
import io.zapsocket.server.RemoteSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link BroadcastOperator} that targets all sockets of a namespace by forwarding to that namespace's operator:
 * the shared implementation of the operator methods of {@link DefaultNamespace} and {@link DefaultSocketServer}.
 */
interface OperatorDelegate extends BroadcastOperator {

    /** The operator targeting every socket of the namespace. */
    BroadcastOperator operator();

    @Override
    default BroadcastOperator to(String... rooms) {
        return operator().to(rooms);
    }

    @Override
    default BroadcastOperator to(Collection<String> rooms) {
        return operator().to(rooms);
    }

    @Override
    default BroadcastOperator in(String... rooms) {
        return operator().in(rooms);
    }

    @Override
    default BroadcastOperator except(String... rooms) {
        return operator().except(rooms);
    }

    @Override
    default BroadcastOperator except(Collection<String> rooms) {
        return operator().except(rooms);
    }

    @Override
    default BroadcastOperator asVolatile() {
        return operator().asVolatile();
    }

    @Override
    default BroadcastOperator compress(boolean compress) {
        return operator().compress(compress);
    }

    @Override
    default BroadcastOperator priority(Priority priority) {
        return operator().priority(priority);
    }

    @Override
    default BroadcastOperator timeout(Duration timeout) {
        return operator().timeout(timeout);
    }

    @Override
    default BroadcastOperator local() {
        return operator().local();
    }

    @Override
    default boolean emit(String event, Object... args) {
        return operator().emit(event, args);
    }

    @Override
    default CompletableFuture<List<Args>> emitWithAck(String event, Object... args) {
        return operator().emitWithAck(event, args);
    }

    @Override
    default CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return operator().fetchSockets();
    }

    @Override
    default void socketsJoin(String... rooms) {
        operator().socketsJoin(rooms);
    }

    @Override
    default void socketsLeave(String... rooms) {
        operator().socketsLeave(rooms);
    }

    @Override
    default void disconnectSockets(boolean close) {
        operator().disconnectSockets(close);
    }
}
