package io.zapsocket.admin;

import io.zapsocket.admin.internal.Instrumentation;
import io.zapsocket.server.SocketServer;
import java.util.Objects;

/**
 * The official Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5, hosted at https://admin.socket.io or served
 * from its npm package's {@code ui/dist}) on a Zap-Socket server: what the Node package's {@code instrument(io,
 * opts)} installs — the admin namespace with bcrypt authentication, read-only mode, the server stats, the feed of
 * sockets, rooms and events (development mode), and the operations (emit, join, leave, disconnect). Everything goes
 * through the server's adapter, so on a cluster a UI connected to one node sees and acts on all of them (each node
 * instruments itself).
 *
 * <pre>{@code
 * AdminUi admin = AdminUi.instrument(io, AdminUiOptions.builder()
 *         .basicAuth("admin", "$2b$10$...")        // bcrypt hash of the password
 *         .mode(AdminUiOptions.Mode.PRODUCTION)    // aggregated figures only
 *         .build());
 * }</pre>
 *
 * <p>What differs from Node: byte counters and transport upgrades are not reported (the charts of bytes stay
 * empty); {@code socket.data} changes are shown on the next {@code all_sockets}, not live. The instrumentation keeps
 * {@code clientId} and {@code transport} in {@code socket.data()._admin}, as Node does, so that other nodes can show
 * them.
 *
 * @since 0.1.0
 */
public final class AdminUi implements AutoCloseable {
    private final Instrumentation instrumentation;

    private AdminUi(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** Instruments {@code io} (call it once, before or after {@code listen}). */
    public static AdminUi instrument(SocketServer io, AdminUiOptions options) {
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(options, "options");
        return new AdminUi(new Instrumentation(io, options));
    }

    /** Stops the stats timer and the login threads; the admin namespace stays. */
    @Override
    public void close() {
        instrumentation.close();
    }
}
