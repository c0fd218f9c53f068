package io.zapsocket.interop;

import io.zapsocket.protocol.Parser;

/**
 * A running server of the Java client's integration tests ({@code node/CLIENT_IT.md}) on {@code 127.0.0.1}:
 * {@link NodeClientItServer} (socket.io 4.8.4) or {@link ZapClientItServer}.
 */
interface ClientItServer extends AutoCloseable {

    /** Options of the app (see CLIENT_IT.md). */
    record Options(boolean pollingOnly, boolean recovery, long pingIntervalMs, long pingTimeoutMs, Parser parser) {
        static final Options DEFAULTS = new Options(false, false, 25_000, 20_000, Parser.DEFAULT);

        Options withPollingOnly() {
            return new Options(true, recovery, pingIntervalMs, pingTimeoutMs, parser);
        }

        Options withRecovery() {
            return new Options(pollingOnly, true, pingIntervalMs, pingTimeoutMs, parser);
        }

        /** {@code --parser=msgpack} / {@code ServerOptions.parser(...)}. */
        Options withParser(Parser p) {
            return new Options(pollingOnly, recovery, pingIntervalMs, pingTimeoutMs, p);
        }
    }

    int port();

    default String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Closes the listener and every connection; idempotent. */
    void stop();

    /** Stops, then starts again on the same port (state lost). */
    void restart() throws Exception;

    @Override
    default void close() {
        stop();
    }
}
