package io.zapsocket.server;

/**
 * Handles one event. Runs on the socket's event loop (or on the configured handler executor), in the order the
 * events arrived for that socket. An exception is logged and reported to the error listeners; the socket stays
 * connected and other handlers still run.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface EventHandler {
    void handle(Args args, Ack ack) throws Exception;
}
