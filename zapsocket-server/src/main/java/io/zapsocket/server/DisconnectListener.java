package io.zapsocket.server;

import io.zapsocket.protocol.DisconnectReason;

/**
 * Called when a socket is disconnecting (still in its rooms) or disconnected. Each fires exactly once per socket.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface DisconnectListener {
    void onDisconnect(DisconnectReason reason, String description) throws Exception;
}
