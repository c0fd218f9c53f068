package io.zapsocket.protocol;

/**
 * The acknowledgement of a received event, on the server and on the client alike. Calling {@link #send} answers the
 * peer; only the first call counts. Callable from any thread.
 *
 * @since 0.1
 */
public interface Ack {

    /**
     * @return whether the peer asked for an acknowledgement; when {@code false}, {@link #send} does nothing
     */
    boolean requested();

    /**
     * Answers the peer with these arguments (binary allowed anywhere). Later calls are ignored; an answer after the
     * socket disconnected is dropped.
     *
     * @param args the acknowledgement arguments
     * @throws IllegalArgumentException if an argument cannot be serialized
     */
    void send(Object... args);
}
