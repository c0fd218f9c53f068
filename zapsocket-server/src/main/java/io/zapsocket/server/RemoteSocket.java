package io.zapsocket.server;

import java.util.Map;
import java.util.Set;

/**
 * A snapshot of a socket returned by {@code fetchSockets()}: it may live on this node or another one. Its
 * operations are forwarded to wherever the socket lives.
 *
 * @since 0.1
 */
public interface RemoteSocket {
    String id();

    Handshake handshake();

    /** The rooms at the time of the fetch. */
    Set<String> rooms();

    /** The socket's {@code data} at the time of the fetch. */
    Map<String, Object> data();

    boolean emit(String event, Object... args);

    void join(String... rooms);

    void leave(String... rooms);

    void disconnect(boolean close);
}
