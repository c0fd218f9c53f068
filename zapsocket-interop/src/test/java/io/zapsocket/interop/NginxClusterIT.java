package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three Zap-Socket nodes (separate JVMs, Streams adapter, connection state recovery) behind a real nginx with
 * {@code ip_hash}; official JS clients over polling, WebSocket and polling→WebSocket upgrade, each from its own
 * loopback address ({@code 127.0.k.1}) so that nginx spreads them. A node is stopped while messages flow: its
 * clients reconnect through nginx to another node and recover every message. Then Redis is restarted while
 * messages flow: no acknowledged message is lost. Last, a rolling restart of every node (each drains with
 * {@code close(Duration)} on SIGTERM and comes back on its port) under traffic loses nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NginxClusterIT {
    private static final int CLIENTS = 6;
    private RedisServer redis;
    private final List<ClusterNodeProcess> nodes = new ArrayList<>();
    private Nginx nginx;
    private NodeDriver driver;

    @BeforeAll
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

    @AfterAll
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

    @AfterEach
    void reset() {
        if (driver != null && driver.isAlive()) {
            driver.reset();
        }
    }

    /** Client {@code k} through nginx from 127.0.k.1: polling only, WebSocket only, or polling then upgrade. */
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

    private DriverClient publisherOn(ClusterNodeProcess node) {
        return publisherOn(node, "publisher");
    }

    private DriverClient publisherOn(ClusterNodeProcess node, String name) {
        DriverClient p = driver.connect(ClientSpec.client(name, node.url() + "/").transports("websocket"));
        p.awaitEvent("connect");
        return p;
    }

    private static void publish(DriverClient publisher, int from, int to, long pauseMillis) {
        for (int k = from; k < to; k++) {
            publisher.request("to-room", "news", "msg", k); // acknowledged by the node once it took the message
            if (pauseMillis > 0) {
                ClusterContract.sleep(pauseMillis);
            }
        }
    }

    /**
     * The {@code msg} numbers {@code c} got before {@code end}, in order: {@code expected} of them, plus any further
     * ones (a repeat shows where it is in the list, not as a message left over at the end).
     */
    private static List<Integer> receivedUntilEnd(DriverClient c, int expected) {
        c.awaitMessage("end", Duration.ofSeconds(30));
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            got.add(c.awaitMessage("msg", Duration.ofSeconds(5)).arg(0).asInt());
        }
        try {
            c.assertNoMessage("msg");
        } catch (AssertionError more) {
            while (true) {
                try {
                    got.add(c.awaitMessage("msg", Duration.ofMillis(200)).arg(0).asInt());
                } catch (AssertionError none) {
                    break;
                }
            }
        }
        return got;
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }

    @Test
    @Order(1)
    void clientsOfAStoppedNodeRecoverOnAnotherNodeWithoutLosingAMessage() {
        Map<DriverClient, String> nodeOf = new LinkedHashMap<>();
        for (int k = 1; k <= CLIENTS; k++) {
            DriverClient c = viaNginx("lb" + k, k);
            nodeOf.put(c, c.awaitMessage("welcome").arg(0).path("node").asText());
        }
        Map<String, Integer> load = new HashMap<>();
        nodeOf.values().forEach(n -> load.merge(n, 1, Integer::sum));
        System.err.println("[NginxClusterIT] clients per node: " + load);
        assertThat(load).as("ip_hash spreads the client addresses").hasSizeGreaterThan(1);
        String victimName = load.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        ClusterNodeProcess victim = nodes.stream().filter(n -> n.name.equals(victimName)).findFirst().orElseThrow();
        ClusterNodeProcess survivor = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow();
        DriverClient publisher = publisherOn(survivor);

        publish(publisher, 0, 5, 0);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(victim::stop);
        publish(publisher, 5, 25, 40); // ~0.8 s of traffic while the node goes away and its clients come back
        stopping.join();
        assertThat(victim.isAlive()).isFalse();

        for (Map.Entry<DriverClient, String> e : nodeOf.entrySet()) {
            if (e.getValue().equals(victimName)) {
                DriverClient c = e.getKey();
                DriverEvent connect = c.awaitEvent("connect", Duration.ofSeconds(20));
                assertThat(connect.field("recovered").asBoolean()).as("%s recovered", c).isTrue();
                DriverEvent welcome = c.awaitMessage("welcome", Duration.ofSeconds(5));
                String newNode = welcome.arg(0).path("node").asText();
                System.err.println("[NginxClusterIT] " + c + " recovered on " + newNode + " as "
                        + welcome.arg(0).path("id").asText());
                assertThat(newNode).isNotEqualTo(victimName);
            }
        }
        publisher.request("to-room", "news", "end");
        List<String> failures = new ArrayList<>();
        for (DriverClient c : nodeOf.keySet()) {
            try {
                assertThat(receivedUntilEnd(c, 25)).as("%s (first on %s)", c, nodeOf.get(c)).isEqualTo(range(25));
            } catch (AssertionError e) {
                failures.add(c + " (first on " + nodeOf.get(c) + "): " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertThat(failures).as("clients with a gap or a repeat; victim %s, publisher on %s", victimName,
                survivor.name).isEmpty();
    }

    @Test
    @Order(2)
    void redisRestartMidStreamLosesNoAcknowledgedMessage() throws Exception {
        List<ClusterNodeProcess> alive = nodes.stream().filter(ClusterNodeProcess::isAlive).toList();
        List<DriverClient> clients = new ArrayList<>();
        for (int k = 11; k < 11 + CLIENTS; k++) {
            clients.add(viaNginx("rr" + k, k));
        }
        DriverClient publisher = publisherOn(alive.get(0));

        publish(publisher, 0, 10, 20);
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
            try {
                redis.restart(Duration.ofMillis(800));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        publish(publisher, 10, 60, 20); // every publish is acknowledged, during the outage too
        restart.join();
        publisher.request("to-room", "news", "end");
        for (DriverClient c : clients) {
            assertThat(receivedUntilEnd(c, 60)).as("%s", c).isEqualTo(range(60));
        }
    }

    @Test
    @Order(3)
    void aRollingRestartOfEveryNodeUnderTrafficLosesNothing() throws Exception {
        List<DriverClient> clients = new ArrayList<>();
        for (int k = 1; k <= CLIENTS; k++) {
            DriverClient c = viaNginx("roll" + k, k);
            c.awaitMessage("welcome");
            clients.add(c);
        }
        int sent = 0;
        for (int i = 0; i < nodes.size(); i++) {
            ClusterNodeProcess victim = nodes.get(i);
            DriverClient publisher = publisherOn(nodes.get((i + 1) % nodes.size()), "roll-publisher" + i);
            publish(publisher, sent, sent + 5, 0);
            sent += 5;
            CompletableFuture<ClusterNodeProcess> restarting = CompletableFuture.supplyAsync(() -> {
                victim.stop();
                try {
                    return ClusterNodeProcess.zap(victim.name, redis, "streams", true, victim.port);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            while (!restarting.isDone()) { // traffic for as long as the node is away
                publish(publisher, sent, sent + 1, 40);
                sent++;
            }
            nodes.set(i, restarting.join());
            publish(publisher, sent, sent + 5, 20);
            sent += 5;
            publisher.closeManager();
        }
        DriverClient last = publisherOn(nodes.get(0), "roll-publisher-end");
        last.request("to-room", "news", "end");
        System.err.println("[NginxClusterIT] rolling restart of " + nodes.size() + " nodes, " + sent + " messages");
        for (DriverClient c : clients) {
            assertThat(receivedUntilEnd(c, sent)).as("%s", c).isEqualTo(range(sent));
        }
    }
}
