package io.zapsocket.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Transport;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scripted scenario against a real server and Java clients, then the meter values: a WebSocket and a polling
 * client, emits with acks (answered and one left to time out), a refused handshake, and a raw polling client that
 * never polls and is closed as a slow client.
 */
class ZapSocketMetricsTest {
    private SocketServer server;
    private ZapSocketMetrics metrics;
    private final List<SocketClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, ServerSocket> sockets = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        clients.forEach(SocketClient::close);
        if (metrics != null) {
            metrics.close();
        }
        if (server != null) {
            server.close().join();
        }
    }

    private String start() {
        server = SocketServer.create(ServerOptions.builder().maxBufferedPackets(20).build());
        server.of("/chat").onConnection(s -> sockets.put(String.valueOf(s.handshake().queryParam("who")), s));
        server.onConnection(s -> sockets.put(String.valueOf(s.handshake().queryParam("who")), s));
        metrics = ZapSocketMetrics.builder(server).tags(Tags.of("node", "n1")).build();
        metrics.bindTo(registry);
        return "http://127.0.0.1:" + server.listen("127.0.0.1", 0).join().getPort();
    }

    private ClientSocket connect(String url, String who, String nsp, Transport transport) {
        SocketClient c = SocketClient.create(url + "/?who=" + who, ClientOptions.builder().reconnection(false)
                .transports(transport).build());
        clients.add(c);
        ClientSocket s = c.socket(nsp);
        CompletableFuture<Void> up = new CompletableFuture<>();
        s.onConnect(() -> up.complete(null));
        s.on("ask", (args, ack) -> {
            if (!"ignore".equals(args.get(0))) {
                ack.send("ok:" + args.get(0));
            }
        });
        s.connect();
        up.orTimeout(10, TimeUnit.SECONDS).join();
        return s;
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void scriptedScenarioShowsInTheMeters() throws Exception {
        String url = start();
        ClientSocket ws = connect(url, "ws", "/chat", Transport.WEBSOCKET);
        ClientSocket polling = connect(url, "polling", "/", Transport.POLLING);

        // gauges (stats read afresh: the cache is 1 s)
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(gauge("zapsocket.connections", "transport", "websocket", "node", "n1")).isEqualTo(1);
            assertThat(gauge("zapsocket.connections", "transport", "polling")).isEqualTo(1);
            assertThat(gauge("zapsocket.sockets", "namespace", "/chat")).isEqualTo(1);
            assertThat(gauge("zapsocket.sockets", "namespace", "/")).isEqualTo(1);
        });
        assertThat(counter("zapsocket.handshakes.accepted", "transport", "websocket")).isEqualTo(1);
        assertThat(counter("zapsocket.handshakes.accepted", "transport", "polling")).isEqualTo(1);

        // emits with acks: two answered, one timed out
        assertThat(sockets.get("ws").timeout(Duration.ofSeconds(5)).emitWithAck("ask", "a").join().get(0))
                .isEqualTo("ok:a");
        assertThat(sockets.get("polling").timeout(Duration.ofSeconds(5)).emitWithAck("ask", "b").join().get(0))
                .isEqualTo("ok:b");
        CompletableFuture<?> lost = sockets.get("ws").timeout(Duration.ofMillis(200)).emitWithAck("ask", "ignore");
        await().atMost(Duration.ofSeconds(5)).until(lost::isDone);
        assertThat(lost).isCompletedExceptionally();
        assertThat(counter("zapsocket.acks.requested")).isEqualTo(3);
        assertThat(counter("zapsocket.acks.timeouts")).isEqualTo(1);

        // a broadcast with ack that times out (the /chat client ignores it): one more timeout, counted once
        CompletableFuture<?> broadcast = server.of("/chat").timeout(Duration.ofMillis(200))
                .emitWithAck("ask", "ignore");
        await().atMost(Duration.ofSeconds(5)).until(broadcast::isDone);
        assertThat(broadcast).isCompletedExceptionally();
        assertThat(counter("zapsocket.acks.requested")).isEqualTo(4);
        assertThat(counter("zapsocket.acks.timeouts")).isEqualTo(2);
        // a broadcast answered in time is not a timeout
        assertThat(server.of("/").timeout(Duration.ofSeconds(5)).emitWithAck("ask", "c").join()).hasSize(1);
        Thread.sleep(50);
        assertThat(counter("zapsocket.acks.timeouts")).isEqualTo(2);

        // client to server: 2 events (acks.requested is now 5)
        ws.emit("hello", "x").join();
        polling.emit("hello", "y").join();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                // 2 CONNECT + 2 ack answers + 2 events
                assertThat(counter("zapsocket.messages.received")).isGreaterThanOrEqualTo(6));
        assertThat(counter("zapsocket.bytes.received")).isGreaterThan(counter("zapsocket.messages.received"));
        // 2 CONNECT replies + 3 asks at least
        assertThat(counter("zapsocket.messages.sent")).isGreaterThanOrEqualTo(5);
        assertThat(counter("zapsocket.bytes.sent")).isGreaterThan(counter("zapsocket.messages.sent"));

        // a refused handshake (Engine.IO v3)
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                URI.create(url + "/socket.io/?EIO=3&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(counter("zapsocket.handshakes.refused", "reason", "unsupported_protocol")).isEqualTo(1);
        assertThat(counter("zapsocket.handshakes.refused", "reason", "draining")).isZero();

        // a raw polling client that connects and never polls again: over maxBufferedPackets it is dropped
        String open = http.send(HttpRequest.newBuilder(URI.create(url + "/socket.io/?EIO=4&transport=polling"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        String sid = open.replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
        http.send(HttpRequest.newBuilder(URI.create(url + "/socket.io/?EIO=4&transport=polling&sid=" + sid))
                .POST(HttpRequest.BodyPublishers.ofString("40{}")).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> sockets.containsKey("null"));
        ServerSocket slow = sockets.get("null");
        for (int i = 0; i < 30; i++) {
            slow.emit("flood", i);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(counter("zapsocket.drops", "policy", "slow_client")).isEqualTo(1));
        assertThat(counter("zapsocket.drops", "policy", "volatile")).isZero();

        // sampled write latency: one in 16 packets of a connection
        for (int i = 0; i < 20; i++) { // paced: maxBufferedPackets is 20
            sockets.get("ws").emit("tick", i);
            Thread.sleep(10);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(registry.get("zapsocket.write.latency").timer().count()).isGreaterThanOrEqualTo(1));
        assertThat(registry.get("zapsocket.write.latency").timer().max(TimeUnit.SECONDS)).isLessThan(5);
        assertThat(gauge("zapsocket.queued.bytes")).isGreaterThanOrEqualTo(0);
        assertThat(registry.get("zapsocket.blocked.loops").functionCounter().count()).isZero();

        // removed: nothing counted any more
        metrics.close();
        sockets.get("ws").emit("tick", "after");
        Thread.sleep(100);
        double sent = counter("zapsocket.messages.sent");
        sockets.get("ws").emit("tick", "after");
        Thread.sleep(100);
        assertThat(counter("zapsocket.messages.sent")).isEqualTo(sent);
    }

    @Test
    void namespaceTagsAreBounded() {
        server = SocketServer.create(ServerOptions.DEFAULT);
        server.of("/a");
        metrics = ZapSocketMetrics.builder(server).maxNamespaceTags(1).statsCacheMillis(0).build();
        metrics.bindTo(registry);
        server.of("/b");
        server.of("/c");
        assertThat(registry.find("zapsocket.sockets").gauges()).hasSize(2);
        assertThat(registry.find("zapsocket.sockets").tag("namespace", ZapSocketMetrics.OTHER_NAMESPACES).gauge())
                .isNotNull();
    }
}
