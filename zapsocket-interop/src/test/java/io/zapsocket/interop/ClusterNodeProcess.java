package io.zapsocket.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One cluster node in its own process: a Zap-Socket {@code io.zapsocket.examples.ClusterNode} JVM (started with this
 * JVM's test class path) or a Node {@code cluster-node.js}. Both run the same app and print {@code {"port":N}} once
 * listening and subscribed.
 */
final class ClusterNodeProcess implements AutoCloseable {
    enum Impl { ZAP, NODE }

    final String name;
    final Impl impl;
    final int port;
    private final Process process;

    private ClusterNodeProcess(String name, Impl impl, int port, Process process) {
        this.name = name;
        this.impl = impl;
        this.port = port;
        this.process = process;
    }

    /** A Zap-Socket node; {@code adapter} is {@code pubsub}, {@code streams} or {@code sharded}. */
    static ClusterNodeProcess zap(String name, RedisServer redis, String adapter, boolean recovery)
            throws IOException {
        return zap(name, redis, adapter, recovery, 0);
    }

    /** A Zap-Socket node on {@code port} (0: a free one), e.g. to restart a node where nginx expects it. */
    static ClusterNodeProcess zap(String name, RedisServer redis, String adapter, boolean recovery, int port)
            throws IOException {
        return zap(name, redis, adapter, recovery, port, List.of());
    }

    /** A Zap-Socket node with more {@code ClusterNode} options, e.g. {@code --publish-key KEY}. */
    static ClusterNodeProcess zap(String name, RedisServer redis, String adapter, boolean recovery, int port,
                                  List<String> options) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.io.zapsocket.redis=info",
                "-cp", cp, "io.zapsocket.examples.ClusterNode", "--redis", redis.uri(), "--port", String.valueOf(port),
                "--name", name, "--adapter", adapter));
        if (recovery) {
            cmd.add("--recovery");
        }
        cmd.addAll(options);
        Process p = NodeProcesses.startCommand(cmd, new java.io.File("."), "[" + name + "]");
        return ready(name, Impl.ZAP, p);
    }

    /** A Zap-Socket node on a Redis Cluster ({@code seeds}: comma-separated node URIs). */
    static ClusterNodeProcess zapOnRedisCluster(String name, String seeds, String adapter) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.io.lettuce=error",
                "-Dorg.slf4j.simpleLogger.log.io.zapsocket.redis=info",
                "-cp", cp, "io.zapsocket.examples.ClusterNode", "--redis-cluster", seeds, "--port", "0",
                "--name", name, "--adapter", adapter);
        return ready(name, Impl.ZAP, NodeProcesses.startCommand(cmd, new java.io.File("."), "[" + name + "]"));
    }

    /** A Node socket.io 4.8 node on a Redis Cluster (the {@code redis} package's {@code createCluster}). */
    static ClusterNodeProcess nodeOnRedisCluster(String name, String seeds, String adapter) throws IOException {
        return ready(name, Impl.NODE, NodeProcesses.start("cluster-node.js", "[" + name + "]",
                List.of("--redis-cluster", seeds, "--port", "0", "--name", name, "--adapter", adapter)));
    }

    /** A Zap-Socket node with the PostgreSQL adapter on the database at {@code jdbcUrl}. */
    static ClusterNodeProcess zapPostgres(String name, String jdbcUrl) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.io.zapsocket.postgres=info",
                "-cp", cp, "io.zapsocket.examples.ClusterNode", "--adapter", "postgres", "--postgres", jdbcUrl,
                "--port", "0", "--name", name);
        return ready(name, Impl.ZAP, NodeProcesses.startCommand(cmd, new java.io.File("."), "[" + name + "]"));
    }

    /** A Node socket.io 4.8 node with {@code @socket.io/postgres-adapter} 0.5 on the database at {@code uri}. */
    static ClusterNodeProcess nodePostgres(String name, String uri) throws IOException {
        return ready(name, Impl.NODE, NodeProcesses.start("cluster-node.js", "[" + name + "]",
                List.of("--adapter", "postgres", "--postgres", uri, "--port", "0", "--name", name)));
    }

    /** A Node socket.io 4.8 node with {@code @socket.io/redis-adapter} or {@code @socket.io/redis-streams-adapter}. */
    static ClusterNodeProcess node(String name, RedisServer redis, String adapter, boolean recovery)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--redis", redis.uri(), "--port", "0", "--name", name,
                "--adapter", adapter));
        if (recovery) {
            args.add("--recovery");
        }
        return ready(name, Impl.NODE, NodeProcesses.start("cluster-node.js", "[" + name + "]", args));
    }

    private static ClusterNodeProcess ready(String name, Impl impl, Process p) throws IOException {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!port.isDone() && line.startsWith("{")) {
                        JsonNode n = Json.parse(line);
                        port.complete(n.path("port").asInt());
                    } else {
                        System.err.println("[" + name + "] " + line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IOException(name + " exited before it was ready"));
        }, name + "-stdout");
        t.setDaemon(true);
        t.start();
        try {
            return new ClusterNodeProcess(name, impl, port.get(60, TimeUnit.SECONDS), p);
        } catch (Exception e) {
            NodeProcesses.terminate(p, 100);
            throw new IOException(name + " did not start: " + e, e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM: the node closes its server (sessions persisted) and exits. */
    void stop() {
        NodeProcesses.terminate(process, 10_000);
    }

    /** SIGKILL ({@code kill -9}): the node dies at once, closing nothing and persisting nothing. */
    void kill() {
        process.destroyForcibly(); // SIGKILL on Unix
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The operating system process id, e.g. for {@code kill -KILL}. */
    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + "(" + impl + " :" + port + ")";
    }
}
