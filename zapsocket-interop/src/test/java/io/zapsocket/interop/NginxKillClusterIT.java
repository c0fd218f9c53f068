package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that crashes ({@code kill -9}: no close, no session persisted on disconnection) behind nginx
 * ({@code ip_hash}) while a publisher on another node emits numbered messages at a steady rate: the clients it held
 * reconnect through nginx to a surviving node and recover ({@code recovered == true}, same id, same {@code data}),
 * and every client receives every message exactly once, in order. This works because the Streams adapter stores
 * the session of each connected socket in Redis when it connects and when its rooms change (not only on a normal
 * disconnection), and the missed messages come from the stream after the client's offset.
 *
 * <p>Three Zap-Socket JVMs, a redis-server and an nginx on free loopback ports, official JS clients (polling,
 * WebSocket, polling then upgrade) each from its own loopback address so that {@code ip_hash} spreads them.
 */
class NginxKillClusterIT {
    private static final int CLIENTS = 6;
    /** Messages before the kill and after it, one every {@code PAUSE_MILLIS}. */
    private static final int BEFORE = 30;
    private static final int AFTER = 120;
    private static final long PAUSE_MILLIS = 25;
    private RedisServer redis;
    private final List<ClusterNodeProcess> nodes = new ArrayList<>();
    private Nginx nginx;
    private NodeDriver driver;

    @BeforeEach
    void start() throws IOException {
        redis = RedisServer.start();
        try {
            List<CompletableFuture<ClusterNodeProcess>> starting = new ArrayList<>();
            for (String name : List.of("zap-a", "zap-b", "zap-c")) {
                starting.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return ClusterNodeProcess.zap(name, redis, "streams", true);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            for (CompletableFuture<ClusterNodeProcess> f : starting) {
                nodes.add(f.join());
            }
            nginx = Nginx.start(nodes.stream().map(n -> n.port).toList());
            driver = NodeDriver.start();
        } catch (RuntimeException | IOException e) {
            stop();
            throw e;
        }
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        nodes.forEach(ClusterNodeProcess::stop);
        if (redis != null) {
            redis.close();
        }
    }

    private DriverClient viaNginx(String name, int k) {
        ClientSpec spec = ClientSpec.client(name, nginx.url()).opt("localAddress", "127.0." + k + ".1")
                .auth(Map.of("user", name, "rooms", List.of("news"))).reconnectionDelay(200, 500)
                .subscribe("welcome", "msg", "end");
        switch (k % 3) {
            case 0 -> spec.transports("polling");
            case 1 -> spec.transports("websocket");
            default -> spec.transports("polling", "websocket");
        }
        DriverClient c = driver.connect(spec);
        c.awaitEvent("connect", Duration.ofSeconds(15));
        return c;
    }

    private static void publish(DriverClient publisher, int from, int to) {
        for (int k = from; k < to; k++) {
            publisher.request("to-room", "news", "msg", k); // acknowledged once the node took it
            ClusterContract.sleep(PAUSE_MILLIS);
        }
    }

    @Test
    void clientsOfAKilledNodeRecoverOnAnotherNodeWithZeroLoss() {
        Map<DriverClient, JsonNode> welcome = new LinkedHashMap<>();
        for (int k = 1; k <= CLIENTS; k++) {
            DriverClient c = viaNginx("k" + k, k);
            welcome.put(c, c.awaitMessage("welcome").arg(0));
        }
        Map<String, Integer> load = new HashMap<>();
        welcome.values().forEach(w -> load.merge(w.path("node").asText(), 1, Integer::sum));
        System.err.println("[NginxKillClusterIT] clients per node: " + load);
        assertThat(load).as("ip_hash spreads the client addresses").hasSizeGreaterThan(1);
        String victimName = load.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        ClusterNodeProcess victim = nodes.stream().filter(n -> n.name.equals(victimName)).findFirst().orElseThrow();
        ClusterNodeProcess survivor = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow();
        DriverClient publisher = driver.connect(ClientSpec.client("publisher", survivor.url() + "/")
                .transports("websocket"));
        publisher.awaitEvent("connect");

        publish(publisher, 0, BEFORE);
        long killedAt = System.nanoTime();
        victim.kill(); // SIGKILL mid-stream
        assertThat(victim.isAlive()).isFalse();
        publish(publisher, BEFORE, BEFORE + AFTER); // ~3 s of traffic while its clients come back
        int sent = BEFORE + AFTER;

        int moved = 0;
        for (Map.Entry<DriverClient, JsonNode> e : welcome.entrySet()) {
            if (e.getValue().path("node").asText().equals(victimName)) {
                DriverClient c = e.getKey();
                DriverEvent connect = c.awaitEvent("connect", Duration.ofSeconds(20));
                assertThat(connect.field("recovered").asBoolean()).as("%s recovered", c).isTrue();
                JsonNode again = c.awaitMessage("welcome", Duration.ofSeconds(5)).arg(0);
                assertThat(again.path("node").asText()).isNotEqualTo(victimName);
                assertThat(again.path("id").asText()).as("same socket id").isEqualTo(e.getValue().path("id").asText());
                assertThat(again.path("recovered").asBoolean()).isTrue();
                moved++;
            }
        }
        System.err.printf("[NginxKillClusterIT] killed %s (pid %d) after %d messages, %d clients moved, %d sent%n",
                victimName, victim.pid(), BEFORE, moved, sent);
        assertThat(moved).isGreaterThan(0);
        JsonNode sockets = publisher.request("fetch", "news").get(0);
        Map<String, String> userById = new HashMap<>();
        sockets.forEach(s -> userById.put(s.path("id").asText(), s.path("data").path("user").asText()));
        for (Map.Entry<DriverClient, JsonNode> e : welcome.entrySet()) {
            assertThat(userById).as("recovered data of %s", e.getKey())
                    .containsEntry(e.getValue().path("id").asText(), e.getKey().name());
        }

        publisher.request("to-room", "news", "end");
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            expected.add(i);
        }
        for (DriverClient c : welcome.keySet()) {
            c.awaitMessage("end", Duration.ofSeconds(30));
        }
        ClusterContract.sleep(300); // anything after "end" (a duplicate) would be here by now
        List<DriverEvent> events = driver.events().snapshot();
        int repeats = 0;
        for (DriverClient c : welcome.keySet()) {
            List<Integer> got = new ArrayList<>();
            StringBuilder trace = new StringBuilder();
            String lastOffset = null;
            for (DriverEvent e : events) {
                if (c.name().equals(e.text("client")) && "event".equals(e.text("type")) && "msg".equals(e.name())) {
                    String offset = e.arg(1).asText();
                    trace.append(' ').append(e.arg(0).asInt()).append('@').append(offset);
                    if (offset.equals(lastOffset)) {
                        // the same stream entry twice in a row: replayed, then delivered live by a node that applied
                        // it after the restore (fixed, see StreamsResilienceTest); counted to report it clearly
                        repeats++;
                        System.err.printf("[NginxKillClusterIT] %s got %s twice%n", c, offset);
                        continue;
                    }
                    lastOffset = offset;
                    got.add(e.arg(0).asInt());
                }
            }
            assertThat(got).as("%s (first on %s):%s", c, welcome.get(c).path("node").asText(), trace)
                    .isEqualTo(expected);
        }
        assertThat(repeats).as("entries delivered twice in a row (same offset)").isZero();
        System.err.printf("[NginxKillClusterIT] %d clients x %d messages, 0 lost, 0 repeated, %d ms%n",
                CLIENTS, sent, (System.nanoTime() - killedAt) / 1_000_000);
    }
}
