package io.zapsocket.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A Redis-backed cluster under test, whatever its nodes are (Zap-Socket JVMs, Node socket.io, or both) and
 * whichever adapter they share: each node runs the cluster app ({@code io.zapsocket.examples.ClusterNode} /
 * {@code node/cluster-node.js}) and official JS clients connect to them through {@link NodeDriver}. Each subclass
 * starts its own {@code redis-server} and its nodes as separate processes; {@link ClusterContract} holds the tests
 * every cluster must pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterFixture {
    protected RedisServer redis;
    protected List<ClusterNodeProcess> nodes = new ArrayList<>();
    protected NodeDriver driver;
    private int clientSeq;

    /** Starts the cluster's nodes (at least two) on {@code redis}. */
    protected abstract List<ClusterNodeProcess> startNodes(RedisServer redis) throws IOException;

    @BeforeAll
    void startCluster() throws IOException {
        redis = RedisServer.start();
        try {
            nodes = startNodes(redis);
            driver = NodeDriver.start();
        } catch (IOException | RuntimeException e) {
            stopCluster();
            throw e;
        }
    }

    @AfterAll
    void stopCluster() {
        if (driver != null) {
            driver.close();
        }
        nodes.forEach(ClusterNodeProcess::stop);
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void resetClients() {
        if (driver != null && driver.isAlive()) {
            driver.reset();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A websocket client of {@code node} with {@code auth: {user, rooms}}; waits for its welcome. */
    protected Client connect(ClusterNodeProcess node, String user, String... rooms) {
        return connect(node.url() + "/", ClientSpec.client("c" + (++clientSeq), node.url() + "/")
                .transports("websocket"), user, rooms);
    }

    protected Client connect(String url, ClientSpec spec, String user, String... rooms) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("user", user);
        auth.put("rooms", List.of(rooms));
        spec.auth(auth).subscribe("welcome", "msg", "end", "note").subscribeWithAck("ask", user);
        DriverClient c = driver.connect(spec);
        c.awaitEvent("connect", Duration.ofSeconds(15));
        DriverEvent welcome = c.awaitMessage("welcome", Duration.ofSeconds(15));
        return new Client(c, user, welcome.arg(0).path("id").asText(), welcome.arg(0).path("node").asText());
    }

    record Client(DriverClient driver, String user, String id, String node) {
        ArrayNode request(String event, Object... args) {
            return driver.request(event, args);
        }
    }

    /** Asks {@code client}'s node {@code fetch(room)} until {@code done} holds (at most 10 s). */
    protected static JsonNode fetchUntil(Client client, String room, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode sockets;
        do {
            sockets = client.request("fetch", room).get(0);
            if (done.test(sockets)) {
                return sockets;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("fetch(" + room + ") from " + client.node() + " still " + sockets);
    }

    protected static Set<String> ids(JsonNode sockets) {
        Set<String> ids = new TreeSet<>();
        sockets.forEach(s -> ids.add(s.path("id").asText()));
        return ids;
    }

    protected static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
