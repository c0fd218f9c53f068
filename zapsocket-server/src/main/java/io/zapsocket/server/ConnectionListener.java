package io.zapsocket.server;

/**
 * Called when a socket has joined a namespace (after every middleware passed). Register the socket's event
 * handlers here: events that arrive before this returns are delivered after it.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ConnectionListener {
    void onConnection(ServerSocket socket) throws Exception;
}
