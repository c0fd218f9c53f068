package io.zapsocket.interop;

/**
 * A running instance of the interop test app (specified in {@code node/APP.md}) listening on {@code 127.0.0.1}.
 * Implementations: {@link NodeRefServer} (the Node reference) and, later, the Zap-Socket server. The interop contracts
 * ({@link InteropContract} subclasses) only talk to the app through this interface and the network.
 */
public interface AppServer extends AutoCloseable {
    /** The port it listens on (an ephemeral one picked at first start; kept across {@link #restart()}). */
    int port();

    /** {@code http://127.0.0.1:<port>} — the main namespace {@code /}. */
    default String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The URL of a namespace, e.g. {@code url("/admin")} → {@code http://127.0.0.1:<port>/admin}. */
    default String url(String namespace) {
        return url() + namespace;
    }

    /**
     * Stops the app: the listening socket and every connection are closed (clients then see a transport close or
     * error and start reconnecting). Idempotent.
     */
    void stop();

    /**
     * Stops the app (if running) and starts it again with the same options on the <b>same port</b>, returning when it
     * accepts connections again. All server state (sockets, rooms) is lost.
     */
    void restart() throws Exception;

    @Override
    default void close() {
        stop();
    }
}
