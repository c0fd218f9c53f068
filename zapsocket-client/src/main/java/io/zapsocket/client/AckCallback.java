package io.zapsocket.client;

import io.zapsocket.protocol.Args;

/**
 * Receives the server's acknowledgement of an emit, error first like Socket.IO's {@code (err, ...args)}: exactly
 * one call, with either an error ({@link io.zapsocket.protocol.AckTimeoutException},
 * {@link io.zapsocket.protocol.ConnectionClosedException}, {@link SendBufferFullException}, ...) and
 * {@code null} args, or {@code null} and the acknowledgement arguments. Runs on the client's event thread (or
 * listener executor).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AckCallback {
    void onAck(Throwable error, Args response) throws Exception;
}
