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
import io.zapsocket.sync.Sync;
import io.zapsocket.sync.SyncOptions;
import io.zapsocket.sync.SyncStores;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scripted sync-layer scenario (in-memory store, a real server and a Java client), then the meter values:
 * publishes, a history page, a recovered and a resynced resume, a presence membership, an inbox message stored,
 * one refused (full) and one delivered on connection, an idempotent emit repeated once.
 */
class SyncMetricsTest {
    private SocketServer server;
    private Sync sync;
    private SocketClient client;
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, ServerSocket> sockets = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (sync != null) {
            sync.close().join();
        }
        if (server != null) {
            server.close().join();
        }
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    @Test
    void scriptedScenarioShowsInTheMeters() throws Exception {
        server = SocketServer.create(ServerOptions.DEFAULT);
        server.of("/").use((s, next) -> {
            s.data().put("userId", "u1");
            next.proceed();
        });
        server.of("/").onConnection(s -> sockets.put("s", s));
        sync = Sync.attach(server.of("/"), SyncStores.inMemory(), SyncOptions.builder()
                .streamRooms(Pattern.compile("chat:.*")).inbox(true).maxInboxMessages(1).build());
        sync.onIdempotent("op", (socket, args, ack) -> ack.send("done"));
        SyncMetrics.of(sync, Tags.of("namespace", "/")).bindTo(registry);
        int port = server.listen("127.0.0.1", 0).join().getPort();

        // server API: 2 publishes, 1 history page, 1 inbox message stored and 1 refused (inbox full)
        sync.publish("chat:a", Map.of("n", 1)).get(5, TimeUnit.SECONDS);
        sync.publish("chat:a", Map.of("n", 2)).get(5, TimeUnit.SECONDS);
        String epoch = sync.history("chat:a", 0, 10, null).get(5, TimeUnit.SECONDS).epoch();
        sync.sendToUser("u1", "m1").get(5, TimeUnit.SECONDS);
        assertThat(sync.sendToUser("u1", "m2")).failsWithin(Duration.ofSeconds(5));

        // a client of user u1: gets its stored message, resumes twice, repeats an idempotent emit
        client = SocketClient.create("http://127.0.0.1:" + port, ClientOptions.builder().reconnection(false)
                .transports(Transport.WEBSOCKET).build());
        ClientSocket s = client.socket("/");
        AtomicInteger inbox = new AtomicInteger();
        s.on("inbox:msg", (args, ack) -> inbox.incrementAndGet());
        CompletableFuture<Void> up = new CompletableFuture<>();
        s.onConnect(() -> up.complete(null));
        s.connect();
        up.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> inbox.get() == 1);
        assertThat(s.emitWithAck("sync:subscribe", Map.of("stream", "chat:a",
                "since", Map.of("offset", 1, "epoch", epoch))).get(5, TimeUnit.SECONDS).getMap(0))
                .containsEntry("recovered", true);
        assertThat(s.emitWithAck("sync:subscribe", Map.of("stream", "chat:a",
                "since", Map.of("offset", 0, "epoch", "another-epoch"))).get(5, TimeUnit.SECONDS).getMap(0))
                .containsEntry("resync", true);
        for (int i = 0; i < 2; i++) {
            assertThat(s.emitWithAck("op", 1, Map.of("zs:idem", "k1")).get(5, TimeUnit.SECONDS).get(0))
                    .isEqualTo("done");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sockets.containsKey("s"));
        sync.track(sockets.get("s"), "room", "k", Map.of()).get(5, TimeUnit.SECONDS);

        // the meters (stats are cached up to 1 s)
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(counter("zapsocket.sync.publishes", "namespace", "/")).isEqualTo(2);
            assertThat(counter("zapsocket.sync.history.pages")).isEqualTo(1);
            assertThat(counter("zapsocket.sync.resumes", "outcome", "recovered")).isEqualTo(1);
            assertThat(counter("zapsocket.sync.resumes", "outcome", "resync")).isEqualTo(1);
            assertThat(registry.get("zapsocket.sync.presence.members").gauge().value()).isEqualTo(1);
            assertThat(counter("zapsocket.sync.inbox.messages", "outcome", "stored")).isEqualTo(1);
            assertThat(counter("zapsocket.sync.inbox.messages", "outcome", "refused")).isEqualTo(1);
            assertThat(counter("zapsocket.sync.inbox.messages", "outcome", "delivered")).isEqualTo(1);
            assertThat(counter("zapsocket.sync.idempotent.replays")).isEqualTo(1);
        });
        assertThat(registry.find("zapsocket.sync.resumes").functionCounters()).hasSize(2);
        assertThat(List.copyOf(registry.getMeters())).hasSize(9);
    }
}
