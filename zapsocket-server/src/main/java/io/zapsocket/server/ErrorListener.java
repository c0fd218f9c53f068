package io.zapsocket.server;

/**
 * Receives exceptions thrown by user handlers and middleware errors. Must not throw.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ErrorListener {
    /** @param socket the socket concerned, or {@code null} */
    void onError(ServerSocket socket, Throwable error);
}
