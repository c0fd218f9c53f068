package io.zapsocket.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The demo's Prometheus scrape endpoint: GET /metrics in the text format, with the server's meters. */
class DemoMetricsTest {
    @Test
    void scrapeEndpointServesTheServersMeters() throws Exception {
        try (DemoServer demo = DemoServer.start("127.0.0.1", 0)) {
            InetSocketAddress m = demo.startMetrics("127.0.0.1", 0);
            HttpClient http = HttpClient.newHttpClient();
            // a handshake, so that a counter moved
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.address().getPort()
                    + "/socket.io/?EIO=4&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());

            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + m.getPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v)
                    .startsWith("text/plain"));
            assertThat(r.body())
                    .contains("zapsocket_handshakes_accepted_total{transport=\"polling\"} 1.0")
                    .contains("zapsocket_connections{transport=\"websocket\"}")
                    .contains("zapsocket_sockets{namespace=\"/\"}")
                    .contains("zapsocket_write_latency_seconds_count")
                    .contains("zapsocket_queued_bytes");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + m.getPort() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }
}
