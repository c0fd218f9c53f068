package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.postgres.PostgresAdapterOptions;
import io.zapsocket.postgres.PostgresEmitter;
import io.zapsocket.testkit.PostgresProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A mixed cluster on one PostgreSQL (the test's own, started by {@link PostgresProcess}): two Zap-Socket nodes with
 * {@code zapsocket-postgres} and one Node socket.io 4.8 node with {@code @socket.io/postgres-adapter} 0.5.0. Besides
 * the cluster contract (broadcasts with binary, which travel as attachments, rooms, fetchSockets, serverSideEmit,
 * acks, joins and disconnects across), payloads over NOTIFY's 8 000-byte limit cross in both directions, and a Java
 * {@link PostgresEmitter} reaches the clients and the server-side handlers of every node.
 */
class MixedPostgresClusterIT extends ClusterContract {
    private PostgresProcess postgres;

    @Override
    protected boolean usesRedis() {
        return false;
    }

    @Override
    protected List<ClusterNodeProcess> startNodes(RedisServer redis) throws IOException {
        postgres = PostgresProcess.start();
        List<ClusterNodeProcess> started = new ArrayList<>();
        try {
            started.add(ClusterNodeProcess.nodePostgres("node", postgres.uri())); // creates the table, as Node's README
            started.add(ClusterNodeProcess.zapPostgres("zap1", postgres.jdbcUrl()));
            started.add(ClusterNodeProcess.zapPostgres("zap2", postgres.jdbcUrl()));
            return started;
        } catch (IOException | RuntimeException e) {
            started.forEach(ClusterNodeProcess::stop);
            throw e;
        }
    }

    /**
     * Membership comes from heartbeats: a node counts another once it has heard it, and Node's adapter announces
     * itself before its LISTEN connection is ready, so it may learn of the others only from their next heartbeat (5 s).
     */
    @BeforeAll
    void awaitMembership() {
        for (ClusterNodeProcess node : nodes) {
            Client c = connect(node, "membership");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (c.request("server-count").get(0).asInt() != nodes.size()) {
                assertThat(System.nanoTime()).as("%s counts %d nodes", node, nodes.size()).isLessThan(deadline);
                sleep(100);
            }
        }
        driver.reset();
    }

    @Override
    @AfterAll
    void stopCluster() {
        super.stopCluster();
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void payloadsOverTheNotifyLimitCrossBothWays() {
        List<Client> in = new ArrayList<>();
        for (ClusterNodeProcess node : nodes) {
            in.add(connect(node, "big-" + node.name, "big"));
        }
        String big = "é".repeat(6_000); // 12 000 bytes of UTF-8: NOTIFY takes less than 8 000
        for (int s = 0; s < nodes.size(); s++) {
            in.get(s).request("to-room", "big", "msg", s, big);
        }
        for (Client c : in) {
            List<Integer> senders = new ArrayList<>();
            for (int s = 0; s < nodes.size(); s++) {
                DriverEvent e = c.driver().awaitMessage("msg");
                assertThat(e.arg(1).asText()).as("payload at %s", c.node()).isEqualTo(big);
                senders.add(e.arg(0).asInt());
            }
            assertThat(senders).containsExactlyInAnyOrder(0, 1, 2);
            c.driver().assertNoMessage("msg");
        }
    }

    @Test
    void theJavaEmitterReachesEveryNode() throws Exception {
        List<Client> in = new ArrayList<>();
        List<Client> muted = new ArrayList<>();
        for (ClusterNodeProcess node : nodes) {
            in.add(connect(node, "em-" + node.name, "em"));
            muted.add(connect(node, "muted-" + node.name, "em", "muted"));
        }
        try (PostgresEmitter emitter = PostgresEmitter.create(PostgresAdapterOptions.builder(postgres.jdbcUrl())
                .build())) {
            emitter.to("em").except("muted").emit("msg", 42, new byte[] {4, 2})
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);
            emitter.serverSideEmit("note", java.util.Map.of("from", "emitter"))
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        for (Client c : in) {
            DriverEvent e = c.driver().awaitMessage("msg");
            assertThat(e.arg(0).asInt()).as("at %s", c.node()).isEqualTo(42);
            assertThat(JsBinary.bytes(e.arg(1))).containsExactly(4, 2);
            DriverEvent note = c.driver().awaitMessage("note");
            assertThat(note.arg(0).asText()).isEqualTo(c.node());
            assertThat(note.arg(1).path("from").asText()).isEqualTo("emitter");
        }
        for (Client c : muted) {
            c.driver().assertNoMessage("msg");
        }
    }
}
