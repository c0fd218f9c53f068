package io.zapsocket.client;

/**
 * Handles one event received from the server. Runs on the client's event thread (or its listener executor), one
 * listener at a time in arrival order; never on the I/O thread. An exception is reported to the socket's error
 * listeners and does not stop the other listeners.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface EventListener {
    /**
     * @param args the event arguments (without the event name)
     * @param ack the acknowledgement to answer if {@link Ack#requested()}
     */
    void onEvent(Args args, Ack ack) throws Exception;
}
