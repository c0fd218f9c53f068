package io.zapsocket.client;

/**
 * The acknowledgement of an event received from the server. Only the first {@link #send} counts. Callable from
 * any thread.
 *
 * @since 0.1
 */
public interface Ack {

    /** Whether the server asked for an acknowledgement; when {@code false}, {@link #send} does nothing. */
    boolean requested();

    /**
     * Answers the server with these arguments (binary allowed anywhere). Later calls are ignored; an answer after
     * the socket disconnected is dropped.
     *
     * @throws IllegalArgumentException if an argument cannot be serialized
     */
    void send(Object... args);
}
