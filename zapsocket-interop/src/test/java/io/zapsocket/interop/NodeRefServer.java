package io.zapsocket.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Node reference implementation of the interop app: {@code node ref-server.js} (socket.io 4.8) on
 * {@code 127.0.0.1}, first on an ephemeral port, then on the same port after {@link #restart()}.
 */
public final class NodeRefServer implements AppServer {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration RESTART_RETRY_FOR = Duration.ofSeconds(5);

    private final AppOptions options;
    private Process process;
    private int port;

    private NodeRefServer(AppOptions options) {
        this.options = options;
    }

    /** Starts the reference app on an ephemeral loopback port. */
    public static NodeRefServer start(AppOptions options) throws IOException {
        NodeRefServer server = new NodeRefServer(options);
        server.launch(0);
        return server;
    }

    @Override
    public synchronized int port() {
        return port;
    }

    private void launch(int requestedPort) throws IOException {
        List<String> args = new ArrayList<>();
        args.add("--port=" + requestedPort);
        args.add("--ping-interval=" + options.pingInterval().toMillis());
        args.add("--ping-timeout=" + options.pingTimeout().toMillis());
        args.add("--max-http-buffer-size=" + options.maxHttpBufferSize());
        Process p = NodeProcesses.start("ref-server.js", "[ref-server]", args);
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        NodeProcesses.pump(p.getInputStream(), "ref-server-stdout", line -> {
            if (listening.isDone()) {
                System.err.println("[ref-server] (stdout) " + line);
                return;
            }
            try {
                JsonNode n = Json.parse(line);
                if (n.path("port").isInt()) {
                    listening.complete(n.get("port").asInt());
                    return;
                }
            } catch (UncheckedIOException ignored) {
                // fall through
            }
            System.err.println("[ref-server] (stdout) " + line);
        });
        p.onExit().thenRun(() -> listening.completeExceptionally(
                new IOException("ref-server.js exited with " + p.exitValue() + " before listening")));
        try {
            int actual = listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (this) {
                process = p;
                port = actual;
            }
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            NodeProcesses.destroy(p);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("ref-server.js did not start on port " + requestedPort + ": " + cause, cause);
        }
    }

    @Override
    public void stop() {
        Process p;
        synchronized (this) {
            p = process;
            process = null;
        }
        // Closing stdin makes ref-server.js call io.close() and exit; destroyed after 3 s otherwise.
        NodeProcesses.destroy(p, 3000);
    }

    @Override
    public void restart() throws IOException {
        int samePort = port();
        stop();
        NodeProcesses.retryLaunch(() -> launch(samePort), RESTART_RETRY_FOR);
    }

    @Override
    public String toString() {
        return "NodeRefServer[" + url() + "]";
    }
}
