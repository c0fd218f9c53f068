package io.zapsocket.sync;

import io.zapsocket.server.ServerSocket;

/**
 * Decides whether a socket may perform a {@link SyncAction} on a stream room or presence room. Called on the socket's
 * handler thread for every request from a client (never for the server-side API); it must be fast and must not block.
 * A refusal answers the request with the error {@code forbidden}.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface SyncAuthorizer {
    /** Allows everything, client publishes included. */
    SyncAuthorizer ALLOW_ALL = (socket, action, room) -> true;

    /**
     * The default: allows everything except {@link SyncAction#PUBLISH} and {@link SyncAction#WRITE_MAP} (clients read;
     * the server writes).
     */
    SyncAuthorizer READ_ONLY = (socket, action, room) -> action != SyncAction.PUBLISH
            && action != SyncAction.WRITE_MAP;

    /**
     * @param socket the requesting socket (its {@link ServerSocket#data()} and handshake identify the user)
     * @param action what it asks to do
     * @param room   the stream room or presence room
     * @return whether to allow it
     */
    boolean allow(ServerSocket socket, SyncAction action, String room);
}
