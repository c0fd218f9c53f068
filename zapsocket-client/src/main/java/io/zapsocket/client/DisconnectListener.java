package io.zapsocket.client;

import io.zapsocket.protocol.DisconnectReason;

/**
 * Called when a socket is disconnected, once per connected period. Runs on the client's event thread (or listener
 * executor).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface DisconnectListener {
    void onDisconnect(DisconnectReason reason) throws Exception;
}
