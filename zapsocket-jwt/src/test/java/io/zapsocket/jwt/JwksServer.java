package io.zapsocket.jwt;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A JWK Set endpoint on a free loopback port (the JDK's HttpServer); its document can be replaced (rotation). */
final class JwksServer implements AutoCloseable {
    private final HttpServer http;
    private final AtomicReference<String> document;
    private final AtomicInteger fetches = new AtomicInteger();

    JwksServer(String initial) throws IOException {
        this.document = new AtomicReference<>(initial);
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = document.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/jwks.json");
    }

    void publish(String jwks) {
        document.set(jwks);
    }

    int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
