package io.zapsocket.protocol;

/**
 * Handles one received event, on the server ({@code socket.on(event, handler)}) and on the client alike.
 *
 * <p>Server: runs on the socket's event loop (or on the configured handler executor). Client: runs on the client's
 * event thread (or its listener executor), never on the I/O thread. On both sides handlers of one socket run one at
 * a time, in the order the events arrived; an exception is reported to the socket's error listeners, the socket stays
 * connected and the other handlers still run.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface EventHandler {
    /**
     * @param args the event arguments (without the event name)
     * @param ack  the acknowledgement to answer if {@link Ack#requested()}
     * @throws Exception reported to the socket's error listeners
     */
    void handle(Args args, Ack ack) throws Exception;
}
