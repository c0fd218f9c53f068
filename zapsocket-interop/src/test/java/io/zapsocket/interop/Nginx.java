package io.zapsocket.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nginx} (the Debian package) in front of cluster nodes: generated config in a temp directory
 * ({@code daemon off}, pid, logs and temp paths there), listening on a free loopback port, sticky by client IP
 * ({@code ip_hash}), WebSocket upgrades proxied. This is the configuration the README recommends.
 */
final class Nginx implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final Process process;

    private Nginx(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    static String config(int port, List<Integer> upstreams, Path dir) {
        StringBuilder servers = new StringBuilder();
        for (int p : upstreams) {
            servers.append("    server 127.0.0.1:").append(p).append(" max_fails=1 fail_timeout=10s;\n");
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
                  upstream socketio {
                    ip_hash;
                %2$s  }
                  server {
                    listen 127.0.0.1:%3$d;
                    location /socket.io/ {
                      proxy_pass http://socketio;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $connection_upgrade;
                      proxy_set_header Host $host;
                      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                      proxy_connect_timeout 2s;
                      proxy_read_timeout 60s;
                      proxy_next_upstream error timeout;
                    }
                  }
                }
                """.formatted(dir, servers, port);
    }

    static Nginx start(List<Integer> upstreams) throws IOException {
        Path dir = Files.createTempDirectory("zap-nginx-");
        int port = RedisServer.freePort();
        Files.writeString(dir.resolve("nginx.conf"), config(port, upstreams, dir), StandardCharsets.UTF_8);
        Process p = NodeProcesses.startCommand(List.of(nginxExecutable(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString()), dir.toFile(),
                "[nginx]");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new Nginx(port, dir, p);
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    NodeProcesses.terminate(p, 100);
                    throw new IOException("nginx did not start: " + readLog(dir), e);
                }
                sleepQuietly();
            }
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

    private static String readLog(Path dir) {
        try {
            return Files.readString(dir.resolve("error.log"));
        } catch (IOException e) {
            return "(no error.log)";
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    @Override
    public void close() {
        // SIGQUIT would wait for WebSocket connections; SIGTERM is nginx's fast shutdown
        NodeProcesses.terminate(process, 5000);
    }
}
