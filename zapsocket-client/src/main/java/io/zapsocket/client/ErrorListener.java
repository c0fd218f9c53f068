package io.zapsocket.client;

/**
 * Receives an error: a {@code connect_error} ({@link ConnectErrorException}, {@link TransportException}), or an
 * exception thrown by a listener. Runs on the client's event thread (or listener executor).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ErrorListener {
    void onError(Throwable error) throws Exception;
}
