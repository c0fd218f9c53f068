package io.zapsocket.sync;

import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.Ack;
import io.zapsocket.server.ServerSocket;

/**
 * An event handler registered for every socket of a namespace ({@link Sync#onIdempotent}): like
 * {@link io.zapsocket.protocol.EventHandler}, with the socket the event came from.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface SocketEventHandler {
    /**
     * @param socket the socket that sent the event
     * @param args   the event arguments (without the event name, without the idempotency key)
     * @param ack    the acknowledgement to answer if {@link Ack#requested()}
     * @throws Exception reported to the socket's error listeners
     */
    void handle(ServerSocket socket, Args args, Ack ack) throws Exception;
}
