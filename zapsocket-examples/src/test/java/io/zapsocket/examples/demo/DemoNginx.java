package io.zapsocket.examples.demo;

import io.zapsocket.testkit.RedisProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nginx} (the Debian package) in front of the demo's nodes for the browser tests: generated config in a
 * temp directory ({@code daemon off}, pid, logs and temp paths there), on a free loopback port, round robin over the
 * upstreams, the README's SSE location ({@code proxy_buffering off}, keep-alive upstream, a long read timeout,
 * {@code proxy_next_upstream error timeout}) and WebSocket upgrades for the rest. Upstreams are never marked down
 * ({@code max_fails=0}): a restarted node takes requests again at once.
 */
final class DemoNginx implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final Process process;

    private DemoNginx(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    static String config(int port, List<Integer> upstreams, Path dir) {
        StringBuilder servers = new StringBuilder();
        for (int p : upstreams) {
            servers.append("    server 127.0.0.1:").append(p).append(" max_fails=0;\n");
        }
        return """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                  upstream demo {
                %2$s  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location /zap/sse {
                      proxy_pass http://demo;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Host $http_host;
                      proxy_buffering off;
                      proxy_cache off;
                      proxy_connect_timeout 2s;
                      proxy_read_timeout 1h;
                      proxy_next_upstream error timeout;
                    }
                    location / {
                      proxy_pass http://demo;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $connection_upgrade;
                      proxy_set_header Host $http_host;
                      proxy_connect_timeout 2s;
                      proxy_next_upstream error timeout;
                    }
                  }
                }
                """.formatted(dir, servers, port);
    }

    /** Starts nginx in front of {@code upstreams} (loopback ports) and waits until it accepts connections. */
    static DemoNginx start(List<Integer> upstreams) throws IOException {
        Path dir = Files.createTempDirectory("zap-demo-nginx-");
        int port = RedisProcess.freePort();
        Files.writeString(dir.resolve("nginx.conf"), config(port, upstreams, dir), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(nginxExecutable(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new DemoNginx(port, dir, p);
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    stop(p);
                    throw new IOException("nginx did not start: " + errorLog(dir), e);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    stop(p);
                    throw new IOException("interrupted", ie);
                }
            }
        }
    }

    int port() {
        return port;
    }

    /** nginx's error log so far (for assertion messages). */
    String errorLog() {
        return errorLog(dir);
    }

    private static String errorLog(Path dir) {
        try {
            return Files.readString(dir.resolve("error.log"));
        } catch (IOException e) {
            return "(no error.log)";
        }
    }

    private static String nginxExecutable() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "nginx";
    }

    private static void stop(Process p) {
        p.destroy(); // SIGTERM: nginx's fast shutdown (SIGQUIT would wait for the open streams)
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(process);
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind
        }
    }
}
