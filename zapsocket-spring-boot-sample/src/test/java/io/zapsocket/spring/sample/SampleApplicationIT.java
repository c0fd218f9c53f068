package io.zapsocket.spring.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Args;
import io.zapsocket.server.SocketServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application, started as Spring Boot starts it (web server on a random port, Zap-Socket on a free
 * port), with the official JS client (node, socket.io-client 4.8) and the Zap Java client in one chat room: each
 * sends a message with an acknowledgement and receives the other's; the functional {@code time} handler answers;
 * Actuator reports the server's health and has its meters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"zapsocket.port=0", "zapsocket.host=127.0.0.1"})
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SampleApplicationIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    SocketServer server;

    @Autowired
    MeterRegistry meters;

    @Value("${local.server.port}") // not @LocalServerPort: Boot 3 and Boot 4 keep it in different packages
    int webPort;

    private Process node;

    @AfterEach
    void stopNode() throws Exception {
        if (node != null) {
            node.getOutputStream().close(); // js-client.js exits when its stdin closes
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theJsClientAndTheJavaClientChatThroughTheSpringApplication() throws Exception {
        String url = "http://127.0.0.1:" + server.address().getPort();
        try (SocketClient client = SocketClient.create(url)) {
            BlockingQueue<Args> javaReceived = new LinkedBlockingQueue<>();
            BlockingQueue<String> welcome = new LinkedBlockingQueue<>();
            ClientSocket chat = client.socket("/chat", () -> Map.of("user", "java"));
            chat.on("welcome", (args, ack) -> welcome.add(args.getString(0)));
            chat.on("message", (args, ack) -> javaReceived.add(args));
            chat.connect();
            assertThat(welcome.poll(10, TimeUnit.SECONDS)).isEqualTo("hello java");

            BlockingQueue<JsonNode> js = startJsClient(url, "js");
            assertThat(next(js, "welcome").get("args").get(0).asText()).isEqualTo("hello js");
            JsonNode jsAck = next(js, "ack").get("args").get(0);
            assertThat(jsAck.get("room").asText()).isEqualTo("lobby");
            assertThat(jsAck.get("id").asLong()).isPositive();

            Args fromJs = javaReceived.poll(10, TimeUnit.SECONDS);
            assertThat(fromJs).isNotNull();
            assertThat(fromJs.getMap(0)).containsEntry("from", "js").containsEntry("text", "hello from js")
                    .containsEntry("room", "lobby");

            Args javaAck = chat.emitWithAck("message", Map.of("text", "hello from java")).get(10, TimeUnit.SECONDS);
            assertThat(javaAck.getMap(0)).containsEntry("room", "lobby");
            JsonNode toJs = next(js, "message").get("args").get(0);
            assertThat(toJs.get("from").asText()).isEqualTo("java");
            assertThat(toJs.get("text").asText()).isEqualTo("hello from java");

            ClientSocket main = client.socket("/");
            main.connect();
            String time = main.emitWithAck("time").get(10, TimeUnit.SECONDS).getString(0);
            assertThat(Instant.parse(time)).isBefore(Instant.now().plusSeconds(1));

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + webPort + "/actuator/health/zapsocket")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(health.body());
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(body.get("details").get("connections").asInt()).isEqualTo(2);

            // zapsocket-micrometer is on the class path: Actuator bound the server's meters to the registry
            assertThat(meters.find("zapsocket.connections").gauges().stream().mapToDouble(g -> g.value()).sum())
                    .isEqualTo(2.0);
            assertThat(meters.get("zapsocket.handshakes.accepted").counters().stream()
                    .mapToDouble(c -> c.count()).sum()).isGreaterThanOrEqualTo(2.0);
        }
    }

    private BlockingQueue<JsonNode> startJsClient(String url, String user) throws IOException {
        Path dir = Path.of(System.getProperty("zapsocket.sample.nodeDir", "node"));
        assertThat(Files.isDirectory(dir.resolve("node_modules/socket.io-client")))
                .as("npm packages of %s (installed by the build: node/install.sh)", dir).isTrue();
        node = new ProcessBuilder("node", "js-client.js", url, user).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(JSON.readTree(line));
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "js-client-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** The next line of the JS client with this event, skipping none: anything else first is a failure. */
    private static JsonNode next(BlockingQueue<JsonNode> lines, String event) throws InterruptedException {
        while (true) {
            JsonNode line = lines.poll(15, TimeUnit.SECONDS);
            assertThat(line).as("the JS client's '%s' line", event).isNotNull();
            if (line.get("event").asText().equals(event)) {
                return line;
            }
            assertThat(line.get("event").asText()).as("JS client line %s", line).isIn("connect", "message");
        }
    }
}
