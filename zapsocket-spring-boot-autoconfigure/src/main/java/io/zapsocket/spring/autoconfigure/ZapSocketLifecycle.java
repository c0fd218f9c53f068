package io.zapsocket.spring.autoconfigure;

import io.zapsocket.server.SocketServer;
import io.zapsocket.spring.ZapSocketConfigurer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Binds the server to the application context: {@link #start()} (after the context's refresh, in the web server's
 * phase) runs the {@link ZapSocketConfigurer} beans, registers the {@code @ZapController} beans and listens;
 * {@link #stop(Runnable)} drains the server ({@link SocketServer#close(Duration)}, at most
 * {@code zapsocket.shutdown-timeout}) without blocking the context's shutdown thread beyond it.
 *
 * <p>Stopping is final: a closed server does not listen again, so a context that was stopped is closed, not
 * restarted. Spring calls {@link #start()} and {@link #stop(Runnable)} from one thread at a time;
 * {@link #isRunning()} may be read from any.
 *
 * @since 0.1.0
 */
public class ZapSocketLifecycle implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ZapSocketLifecycle.class);

    /** The phase: the web server's graceful shutdown phase, so both start last and drain first. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

    private final SocketServer server;
    private final ZapSocketProperties properties;
    private final List<ZapSocketConfigurer> configurers;
    private final ZapControllerRegistrar controllers;
    private volatile boolean running;
    private boolean configured;

    ZapSocketLifecycle(SocketServer server, ZapSocketProperties properties, List<ZapSocketConfigurer> configurers,
                       ZapControllerRegistrar controllers) {
        this.server = server;
        this.properties = properties;
        this.configurers = List.copyOf(configurers);
        this.controllers = controllers;
    }

    @Override
    public void start() {
        if (!configured) {
            for (ZapSocketConfigurer configurer : configurers) {
                try {
                    configurer.configure(server);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("ZapSocketConfigurer " + configurer + " failed", e);
                }
            }
            controllers.registerAll(server);
            configured = true;
        }
        String host = properties.getHost();
        InetSocketAddress address;
        try {
            address = (host == null || host.isBlank()
                    ? server.listen(properties.getPort())
                    : server.listen(host, properties.getPort())).join();
        } catch (CompletionException e) {
            throw new IllegalStateException("Zap-Socket could not listen on " + (host == null ? "*" : host) + ":"
                    + properties.getPort(), e.getCause());
        }
        running = true;
        log.info("Zap-Socket listening on {} (path {})", address, server.options().path());
    }

    @Override
    public void stop() {
        stopNow().join();
    }

    @Override
    public void stop(Runnable callback) {
        // Spring waits for the callback at most spring.lifecycle.timeout-per-shutdown-phase
        stopNow().whenComplete((ignored, error) -> {
            if (error != null) {
                log.warn("Zap-Socket did not drain cleanly", error);
            }
            callback.run();
        });
    }

    private java.util.concurrent.CompletableFuture<Void> stopNow() {
        running = false;
        Duration timeout = properties.getShutdownTimeout();
        log.info("Zap-Socket draining (at most {})", timeout);
        return server.close(timeout == null || timeout.isNegative() ? Duration.ZERO : timeout);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The server this lifecycle starts and stops. */
    public SocketServer server() {
        return server;
    }
}
