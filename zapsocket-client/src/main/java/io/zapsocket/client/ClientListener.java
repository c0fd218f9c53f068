package io.zapsocket.client;

import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.Transport;

/**
 * Events of a {@link SocketClient}'s connection (the JavaScript client's Manager events). Every method has a no-op
 * default; implement the ones you need. Methods run on the client's event thread (or listener executor), one at a
 * time in the order of the events, and must not block for long; an exception thrown by one is logged and does not
 * affect the connection or the other listeners.
 *
 * @since 0.1
 */
public interface ClientListener {

    /** The Engine.IO connection is open (the handshake succeeded); namespaces connect next. */
    default void onOpen() {
    }

    /** The Engine.IO connection closed; the client reconnects next unless the reason forbids it. */
    default void onClose(DisconnectReason reason) {
    }

    /**
     * An error of the connection: a failed open or reconnect attempt ({@link TransportException}), a malformed
     * packet from the server ({@link io.zapsocket.protocol.ProtocolException}, followed by a close with
     * {@link DisconnectReason#PARSE_ERROR}).
     */
    default void onError(Throwable error) {
    }

    /** A ping from the server (the pong was already sent). */
    default void onPing() {
    }

    /** The connection was upgraded from polling to {@code transport}. */
    default void onUpgrade(Transport transport) {
    }

    /** A reconnection attempt starts. @param attempt 1 for the first attempt after a disconnection */
    default void onReconnectAttempt(int attempt) {
    }

    /** A reconnection attempt succeeded. @param attempt its number */
    default void onReconnect(int attempt) {
    }

    /** A reconnection attempt failed; another is scheduled unless {@code reconnectionAttempts} is reached. */
    default void onReconnectError(Throwable error) {
    }

    /** {@code reconnectionAttempts} attempts failed: the client gives up (call {@link ClientSocket#connect()}). */
    default void onReconnectFailed() {
    }
}
