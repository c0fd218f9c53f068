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

/** {@code node client-it-server.js} (socket.io 4.8.4) on {@code 127.0.0.1}; every process it starts is reaped. */
final class NodeClientItServer implements ClientItServer {
    private final Options options;
    private Process process;
    private int port;

    private NodeClientItServer(Options options) {
        this.options = options;
    }

    static NodeClientItServer start(Options options) throws IOException {
        NodeClientItServer s = new NodeClientItServer(options);
        s.launch(0);
        return s;
    }

    private void launch(int requestedPort) throws IOException {
        List<String> args = new ArrayList<>();
        args.add("--port=" + requestedPort);
        args.add("--ping-interval=" + options.pingIntervalMs());
        args.add("--ping-timeout=" + options.pingTimeoutMs());
        if (options.pollingOnly()) {
            args.add("--transports=polling");
        }
        if (options.recovery()) {
            args.add("--recovery");
        }
        if (options.parser() == io.zapsocket.protocol.Parser.MSGPACK) {
            args.add("--parser=msgpack");
        }
        Process p = NodeProcesses.start("client-it-server.js", "[client-it-server]", args);
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        NodeProcesses.pump(p.getInputStream(), "client-it-server-stdout", line -> {
            try {
                JsonNode n = Json.parse(line);
                if (n.path("port").isInt()) {
                    listening.complete(n.get("port").asInt());
                    return;
                }
            } catch (UncheckedIOException ignored) {
                // not the ready line
            }
            System.err.println("[client-it-server] (stdout) " + line);
        });
        p.onExit().thenRun(() -> listening.completeExceptionally(new IOException("exited before listening")));
        try {
            int actual = listening.get(15, TimeUnit.SECONDS);
            synchronized (this) {
                process = p;
                port = actual;
            }
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            NodeProcesses.destroy(p);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("client-it-server.js did not start on port " + requestedPort + ": " + e, e);
        }
    }

    @Override
    public synchronized int port() {
        return port;
    }

    @Override
    public void stop() {
        Process p;
        synchronized (this) {
            p = process;
            process = null;
        }
        NodeProcesses.destroy(p, 3000);
    }

    @Override
    public void restart() throws IOException {
        int samePort = port();
        stop();
        NodeProcesses.retryLaunch(() -> launch(samePort), Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "NodeClientItServer[" + url() + "]";
    }
}
