package io.zapsocket.server;

/**
 * A catch-all listener ({@code onAny} / {@code onAnyOutgoing}).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AnyListener {
    void onEvent(String event, Args args) throws Exception;
}
