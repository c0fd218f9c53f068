package io.zapsocket.client;

/**
 * Catch-all listener ({@code onAny} / {@code onAnyOutgoing}). Runs on the client's event thread (or listener
 * executor), in order with the other listeners.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AnyListener {
    /**
     * @param event the event name
     * @param args the arguments, without the event name
     */
    void onAny(String event, Args args) throws Exception;
}
