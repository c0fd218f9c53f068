package io.zapsocket.server;

/**
 * The acknowledgement callback of a received event. Calling {@link #send} answers the peer; only the first call
 * counts. Callable from any thread.
 *
 * @since 0.1
 */
public interface Ack {

    /** Whether the peer asked for an acknowledgement. When {@code false}, {@link #send} does nothing. */
    boolean requested();

    /** Sends the acknowledgement with these arguments (binary allowed anywhere). Later calls are ignored. */
    void send(Object... args);
}
