package io.zapsocket.examples.demo;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.zapsocket.micrometer.ZapSocketMetrics;
import io.zapsocket.server.SocketServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The demo's Prometheus scrape endpoint: {@code GET /metrics} on its own port (the JDK's HTTP server), with
 * {@link ZapSocketMetrics} (and the Redis adapter's figures on a clustered node). A separate port keeps the
 * metrics off the public one: expose it to the Prometheus server only.
 */
final class DemoMetrics implements AutoCloseable {
    /** The content type of the Prometheus text format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ZapSocketMetrics metrics;
    private final HttpServer http;

    private DemoMetrics(SocketServer io, List<MeterBinder> more, String host, int port) {
        metrics = ZapSocketMetrics.of(io);
        metrics.bindTo(registry);
        more.forEach(b -> b.bindTo(registry));
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            metrics.close();
            throw new UncheckedIOException("metrics port " + host + ":" + port + ": " + e.getMessage(), e);
        }
        http.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        http.start();
    }

    /** Serves {@code GET /metrics} on {@code host:port} (port 0: a free one). */
    static DemoMetrics start(SocketServer io, List<MeterBinder> more, String host, int port) {
        return new DemoMetrics(io, more, host, port);
    }

    InetSocketAddress address() {
        return http.getAddress();
    }

    @Override
    public void close() {
        http.stop(0);
        metrics.close();
    }
}
