package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of every interop contract: one app server (from {@link #startServer(AppOptions)}) and one
 * {@code node driver.js} per test class; clients are reset after each test; every process is gone after the class.
 *
 * <p>A contract ({@code TransportContract}, {@code AckContract}, …) is abstract; each server implementation adds a
 * one-method {@code *IT} subclass per contract, e.g. {@code NodeRefTransportIT} and later {@code ZapTransportIT}:
 *
 * <pre>{@code
 * class ZapTransportIT extends TransportContract {
 *     @Override protected AppServer startServer(AppOptions options) throws Exception {
 *         return ZapAppServer.start(options);   // the Java implementation of node/APP.md
 *     }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class InteropContract {
    /** The app server under test, started once per class with {@link #options()}. */
    protected AppServer server;

    private NodeDriver driver;
    private final List<AppServer> extraServers = new ArrayList<>();

    /**
     * Starts the interop app (node/APP.md) on {@code 127.0.0.1} and an ephemeral port, with {@code options}; returns
     * once it accepts connections.
     */
    protected abstract AppServer startServer(AppOptions options) throws Exception;

    /** Options of the per-class server. */
    protected AppOptions options() {
        return AppOptions.DEFAULTS;
    }

    @BeforeAll
    void startInteropResources() throws Exception {
        server = startServer(options());
    }

    @AfterEach
    void resetInteropResources() {
        try {
            if (driver != null) {
                assertThat(driver.isAlive()).as("driver.js still running").isTrue();
                driver.reset();
                assertThat(driver.events().driverErrors()).as("driver_error events").isEmpty();
            }
        } finally {
            stopExtraServers();
        }
    }

    @AfterAll
    void stopInteropResources() {
        try {
            if (driver != null) {
                driver.close();
            }
        } finally {
            stopExtraServers();
            if (server != null) {
                server.stop();
            }
        }
        assertThat(NodeProcesses.liveCount()).as("node processes left running").isZero();
    }

    /** The {@code node driver.js} of this class (started on first use). */
    protected NodeDriver driver() {
        if (driver == null) {
            try {
                driver = NodeDriver.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start driver.js", e);
            }
        }
        return driver;
    }

    /** A client spec for the main namespace of the per-class server. */
    protected ClientSpec client(String name) {
        return ClientSpec.client(name, server.url());
    }

    /** A client spec for {@code namespace} (e.g. {@code "/admin"}) of the per-class server. */
    protected ClientSpec client(String name, String namespace) {
        return ClientSpec.client(name, server.url(namespace));
    }

    protected DriverClient connect(ClientSpec spec) {
        return driver().connect(spec);
    }

    /** Connects {@code spec} and waits for its {@code connect} event. */
    protected DriverClient connected(ClientSpec spec) {
        DriverClient c = connect(spec);
        c.awaitConnect();
        return c;
    }

    /** Another app server, stopped after the current test (for tests that restart or stop it). */
    protected AppServer startExtraServer(AppOptions options) throws Exception {
        AppServer s = startServer(options);
        extraServers.add(s);
        return s;
    }

    private void stopExtraServers() {
        for (AppServer s : extraServers) {
            s.stop();
        }
        extraServers.clear();
    }
}
