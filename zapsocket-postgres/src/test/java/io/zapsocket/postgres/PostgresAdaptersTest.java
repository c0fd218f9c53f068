package io.zapsocket.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.postgres.internal.PgLink;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.testkit.PostgresProcess;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two in-process "nodes" on one throw-away PostgreSQL; sockets are fakes. */
class PostgresAdaptersTest {
    private static PostgresProcess pg;
    private final List<PostgresAdapterFactory> factories = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws IOException {
        pg = PostgresProcess.start();
    }

    @AfterAll
    static void stopPostgres() {
        pg.close();
    }

    @AfterEach
    void closeFactories() {
        factories.forEach(f -> f.close(Duration.ofMillis(500)));
    }

    private FakeNamespace node(PostgresAdapterOptions.Builder options) throws Exception {
        PostgresAdapterFactory f = PostgresAdapters.create(options.build());
        factories.add(f);
        FakeNamespace n = new FakeNamespace(null).with(f::create);
        f.ready().get(10, TimeUnit.SECONDS);
        return n;
    }

    private FakeNamespace node() throws Exception {
        return node(PostgresAdapterOptions.builder(pg.jdbcUrl()));
    }

    private static BroadcastOptions to(String... rooms) {
        return new BroadcastOptions(Set.of(rooms), Set.of(), BroadcastOptions.Flags.DEFAULT);
    }

    private static void awaitServerCount(FakeNamespace n, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (n.adapter.serverCount().get(5, TimeUnit.SECONDS) != count) {
            assertThat(System.nanoTime()).as("serverCount reaches %d", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static long attachments() throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM socket_io_attachments")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void broadcastsReachTheOtherNodeInOrderSmallLargeAndBinary() throws Exception {
        FakeNamespace a = node();
        FakeNamespace b = node();
        awaitServerCount(a, 2);
        awaitServerCount(b, 2);
        var inB = b.connect("sb1", "room");
        var outB = b.connect("sb2");
        String big = "x".repeat(20_000); // over NOTIFY's 8 000 bytes: through the attachment table
        for (int i = 0; i < 10; i++) {
            Object arg = i % 3 == 0 ? new byte[] {(byte) i} : i % 3 == 1 ? big : "small";
            a.adapter.broadcast(SioPacket.event("/", List.of("ev", i, arg)), to("room"));
        }
        a.adapter.broadcast(SioPacket.event("/", List.of("end")), to());
        for (int i = 0; i < 10; i++) {
            List<Object> got = inB.received.poll(5, TimeUnit.SECONDS);
            assertThat(got).as("message %d", i).isNotNull();
            assertThat(got.subList(0, 2)).containsExactly("ev", i);
            if (i % 3 == 0) {
                assertThat((byte[]) got.get(2)).containsExactly(i);
            } else {
                assertThat(got.get(2)).isEqualTo(i % 3 == 1 ? big : "small");
            }
        }
        assertThat(inB.received.poll(5, TimeUnit.SECONDS)).containsExactly("end");
        assertThat(outB.received.poll(5, TimeUnit.SECONDS)).containsExactly("end");
        assertThat(attachments()).as("binary and large messages were attachments").isGreaterThanOrEqualTo(7);
    }

    @Test
    void fetchSocketsAndServerSideEmitWithAckSpanTheNodesAndAGoodbyeShrinksTheCluster() throws Exception {
        FakeNamespace a = node();
        FakeNamespace b = node();
        awaitServerCount(a, 2);
        a.connect("sa", "r");
        b.connect("sb", "r");
        b.connect("other");
        List<RemoteSocket> sockets = a.adapter.fetchSockets(to("r")).get(10, TimeUnit.SECONDS);
        Set<String> ids = new TreeSet<>();
        sockets.forEach(s -> ids.add(s.id()));
        assertThat(ids).containsExactly("sa", "sb");

        b.serverSideAnswer = "from-b";
        assertThat(a.adapter.serverSideEmitWithAck(List.of("hello", 1)).get(10, TimeUnit.SECONDS))
                .containsExactly("from-b");
        assertThat(b.serverSideEmits.poll(5, TimeUnit.SECONDS)).containsExactly("hello", 1);

        b.adapter.close(); // ADAPTER_CLOSE
        awaitServerCount(a, 1);
        assertThat(a.adapter.serverSideEmitWithAck(List.of("hello")).get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void oldAttachmentsAreCleanedUp() throws Exception {
        FakeNamespace a = node(PostgresAdapterOptions.builder(pg.jdbcUrl()).cleanupInterval(Duration.ofMillis(300)));
        a.adapter.broadcast(SioPacket.event("/", List.of("ev", new byte[] {1})), to());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (attachments() > 0) {
            assertThat(System.nanoTime()).as("attachments deleted").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void theEmitterReachesEveryNode() throws Exception {
        FakeNamespace a = node();
        FakeNamespace b = node();
        var inA = a.connect("sa", "news");
        var inB = b.connect("sb", "news", "muted");
        var outB = b.connect("sc");
        try (PostgresEmitter emitter = PostgresEmitter.create(PostgresAdapterOptions.builder(pg.jdbcUrl()).build())) {
            emitter.to("news").emit("hello", 1).get(5, TimeUnit.SECONDS);
            emitter.to("news").except("muted").emit("bin", new byte[] {7}).get(5, TimeUnit.SECONDS);
            emitter.to("sc").socketsJoin("news").get(5, TimeUnit.SECONDS);
            emitter.serverSideEmit("ping", "x").get(5, TimeUnit.SECONDS);
            emitter.of("other").emit("elsewhere").get(5, TimeUnit.SECONDS);

            assertThat(inA.received.poll(5, TimeUnit.SECONDS)).containsExactly("hello", 1);
            assertThat(inB.received.poll(5, TimeUnit.SECONDS)).containsExactly("hello", 1);
            List<Object> bin = inA.received.poll(5, TimeUnit.SECONDS);
            assertThat(bin.get(0)).isEqualTo("bin");
            assertThat((byte[]) bin.get(1)).containsExactly(7);
            assertThat(a.serverSideEmits.poll(5, TimeUnit.SECONDS)).containsExactly("ping", "x");
            assertThat(b.serverSideEmits.poll(5, TimeUnit.SECONDS)).containsExactly("ping", "x");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!b.adapter.socketRooms("sc").contains("news")) {
                assertThat(System.nanoTime()).as("sc joined news").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(inB.received.poll(300, TimeUnit.MILLISECONDS)).as("muted").isNull();
            assertThat(outB.received).isEmpty();
            assertThat(a.adapter.serverCount().join()).as("an emitter is not a node").isEqualTo(2);
        }
    }

    /**
     * A namespace that comes back within one poll of the listen thread (which has not UNLISTENed yet) is ready: its
     * LISTEN still holds. Its ready future used to stay pending (as did one created after the listen thread saw
     * the handler), so a node never announced itself ready.
     */
    @Test
    void aChannelListenedToAgainRightAfterItWasLeftIsReady() throws Exception {
        try (PgLink link = new PgLink(PostgresAdapterOptions.builder(pg.jdbcUrl()).build(), "pglink-test")) {
            link.listen("zap#/", "uid-1", m -> { }).get(10, TimeUnit.SECONDS);
            link.unlisten("zap#/", "uid-1");
            CompletableFuture<Void> again = link.listen("zap#/", "uid-2", m -> { });

            assertThat(again).succeedsWithin(Duration.ofSeconds(10));
        }
    }
}
