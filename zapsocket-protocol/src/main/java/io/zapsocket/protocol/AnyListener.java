package io.zapsocket.protocol;

/**
 * Sees every event a socket receives ({@code onAny}) or sends ({@code onAnyOutgoing}), before the event's own
 * handlers, on the server and on the client alike. Same threading and isolation as {@link EventHandler}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AnyListener {
    /**
     * @param event the event name
     * @param args  the event arguments
     * @throws Exception reported to the socket's error listeners
     */
    void onAny(String event, Args args) throws Exception;
}
