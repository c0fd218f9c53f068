package io.zapsocket.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.PersistedSession;
import io.zapsocket.server.adapter.RestoredSession;
import io.zapsocket.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Streams adapter against a real redis-server that is restarted, stopped and shared by two "nodes". */
class StreamsResilienceTest {
    private static final RecoveryOptions RECOVERY = RecoveryOptions.builder()
            .maxDisconnectionDuration(Duration.ofSeconds(30)).build();
    private RedisProcess redis;
    private final List<RedisAdapterFactory> factories = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterEach
    void stop() {
        factories.forEach(f -> f.close(Duration.ofMillis(200)));
        redis.close();
    }

    private RedisAdapterFactory factory(RedisAdapterOptions.Builder options) {
        RedisAdapterFactory f = RedisAdapters.streams(options.build());
        factories.add(f);
        return f;
    }

    private FakeNamespace node(RedisAdapterFactory f) throws Exception {
        FakeNamespace nsp = new FakeNamespace(RECOVERY).with(f::create);
        f.ready().get(10, TimeUnit.SECONDS);
        return nsp;
    }

    private static BroadcastOptions to(String... rooms) {
        return new BroadcastOptions(Set.of(rooms), Set.of(), BroadcastOptions.Flags.DEFAULT);
    }

    private static void broadcast(FakeNamespace from, int i) {
        from.adapter.broadcast(SioPacket.event("/", List.of("msg", i)), to("news"));
    }

    @Test
    void readingResumesAfterARedisRestartWithoutLosingAnEntryAndTheStateIsReported() throws Exception {
        RedisAdapterFactory fa = factory(RedisAdapterOptions.builder(redis.uri()));
        List<AdapterState> states = new CopyOnWriteArrayList<>();
        fa.onStateChange(states::add);
        FakeNamespace a = node(fa);
        FakeNamespace b = node(factory(RedisAdapterOptions.builder(redis.uri())));
        var s = b.connect("s", "news");
        assertThat(fa.state()).isEqualTo(AdapterState.CONNECTED);

        for (int i = 0; i < 10; i++) {
            broadcast(a, i);
        }
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
            try {
                redis.restart(Duration.ofMillis(500));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 10; i < 40; i++) {
            broadcast(a, i); // queued by Lettuce while Redis is down, sent once it is back
            Thread.sleep(15);
        }
        restart.join();
        for (int i = 0; i < 40; i++) {
            List<Object> got = s.received.poll(15, TimeUnit.SECONDS);
            assertThat(got).as("message %d", i).isNotNull();
            assertThat(got.subList(0, 2)).containsExactly("msg", i);
        }
        assertThat(s.received.poll(300, TimeUnit.MILLISECONDS)).as("no duplicate").isNull();
        assertThat(states).containsSubsequence(AdapterState.DISCONNECTED, AdapterState.CONNECTED);
        assertThat(fa.state()).isEqualTo(AdapterState.CONNECTED);
    }

    @Test
    void aSessionPersistedByOneNodeIsRestoredByAnotherWithEveryMissedPacket() throws Exception {
        FakeNamespace a = node(factory(RedisAdapterOptions.builder(redis.uri())));
        FakeNamespace b = node(factory(RedisAdapterOptions.builder(redis.uri())));
        var onA = a.connect("sid1", "news");
        broadcast(a, 0);
        List<Object> first = onA.received.poll(5, TimeUnit.SECONDS);
        assertThat(first).hasSize(3);
        String offset = (String) first.get(2);
        assertThat(offset).matches("\\d+-\\d+");

        a.adapter.persistSession(new PersistedSession("sid1", "pid1", Set.of("sid1", "news"), Map.of("user", "u")));
        onA.disconnect(false);
        broadcast(a, 1);
        a.adapter.broadcast(SioPacket.event("/", List.of("elsewhere")), to("other-room"));
        broadcast(a, 2);
        Thread.sleep(200);

        RestoredSession restored = b.adapter.restoreSession("pid1", offset).get(5, TimeUnit.SECONDS);
        assertThat(restored).isNotNull();
        assertThat(restored.sid()).isEqualTo("sid1");
        assertThat(restored.rooms()).containsExactlyInAnyOrder("sid1", "news");
        assertThat(restored.data()).containsEntry("user", "u");
        assertThat(restored.missedPackets()).hasSize(2);
        assertThat(restored.missedPackets().get(0).subList(0, 2)).containsExactly("msg", 1);
        assertThat(restored.missedPackets().get(1).subList(0, 2)).containsExactly("msg", 2);

        broadcast(a, 3); // after the replay, before the socket is back in its rooms: kept for it
        Thread.sleep(200);
        var onB = b.connect("sid1", "news");
        broadcast(a, 4);
        for (int i = 3; i <= 4; i++) {
            List<Object> got = onB.received.poll(5, TimeUnit.SECONDS);
            assertThat(got).as("message %d", i).isNotNull();
            assertThat(got.subList(0, 2)).containsExactly("msg", i);
        }
        assertThat(onB.received.poll(300, TimeUnit.MILLISECONDS)).as("no duplicate").isNull();

        assertThat(b.adapter.restoreSession("pid1", offset).get(5, TimeUnit.SECONDS)).as("restored once").isNull();
        assertThat(b.adapter.restoreSession("pid2", "not-an-offset").get(5, TimeUnit.SECONDS)).isNull();
    }

    private long pttl(String key) throws Exception {
        Process p = new ProcessBuilder("redis-cli", "-p", String.valueOf(redis.port()), "PTTL", key)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        p.waitFor(5, TimeUnit.SECONDS);
        return Long.parseLong(out);
    }

    @Test
    void aConnectedSocketsSessionIsInRedisSoAnotherNodeRestoresItAfterItsNodeCrashed() throws Exception {
        FakeNamespace a = node(factory(RedisAdapterOptions.builder(redis.uri())));
        FakeNamespace b = node(factory(RedisAdapterOptions.builder(redis.uri())));
        var onA = a.connect("sid1", "news");
        Map<String, Object> data = new java.util.concurrent.ConcurrentHashMap<>();
        a.adapter.sessionStarted("sid1", "pid1", data);
        data.put("user", "u"); // read at the next write
        a.adapter.addAll("sid1", Set.of("extra"));
        a.adapter.del("sid1", "extra");
        a.adapter.addAll("sid1", Set.of("late"));
        broadcast(b, 0);
        String offset = (String) onA.received.poll(5, TimeUnit.SECONDS).get(2);
        broadcast(b, 1);
        Thread.sleep(200);
        long ttl = pttl("sio:session:pid1");
        assertThat(ttl).as("live TTL: 1.5 x maxDisconnectionDuration").isBetween(40_000L, 45_000L);

        // node a "crashes": no persistSession, no delAll; node b restores from what was stored while connected
        RestoredSession restored = b.adapter.restoreSession("pid1", offset).get(5, TimeUnit.SECONDS);
        assertThat(restored).isNotNull();
        assertThat(restored.sid()).isEqualTo("sid1");
        assertThat(restored.rooms()).containsExactlyInAnyOrder("sid1", "news", "late");
        assertThat(restored.data()).containsEntry("user", "u");
        assertThat(restored.missedPackets()).extracting(m -> m.get(1)).containsExactly(1);
    }

    /**
     * NginxKillClusterIT's repeated entry (README "Known issues", before the fix): a node applies its own entries
     * when Redis confirms them and other nodes' entries when its reader reads them, so it may have applied its own
     * entry Y while another node's older entry X is still on its way. A restore there replays the stream up to Y
     * (X included); X, applied after the socket was back in its rooms, went to it live as well: twice, same offset.
     * Here node b's reader is held back by a proxy so that this order is certain.
     */
    @Test
    void anEntryTheRestoringNodeAppliesAfterTheReplayThatTheReplayHeldIsNotDeliveredAgain() throws Exception {
        try (ReaderHoldingProxy proxy = new ReaderHoldingProxy(redis.port())) {
            FakeNamespace a = node(factory(RedisAdapterOptions.builder(redis.uri())));
            FakeNamespace b = node(factory(RedisAdapterOptions.builder(proxy.uri())));
            var onA = a.connect("sid1", "news");
            a.adapter.sessionStarted("sid1", "pid1", Map.of());
            broadcast(a, 0);
            String offset = (String) onA.received.poll(5, TimeUnit.SECONDS).get(2);
            Thread.sleep(200); // b applied entry 0; the live session is stored

            proxy.hold(); // b's reader lags from now on
            broadcast(a, 1); // X: in the stream, not applied on b yet
            assertThat(onA.received.poll(5, TimeUnit.SECONDS).subList(0, 2)).containsExactly("msg", 1);
            var onB = b.connect("other", "elsewhere");
            b.adapter.broadcast(SioPacket.event("/", List.of("welcome")), to("elsewhere")); // Y > X, applied on b
            assertThat(onB.received.poll(5, TimeUnit.SECONDS).get(0)).isEqualTo("welcome");

            // node a "crashes"; its client comes back on b
            RestoredSession restored = b.adapter.restoreSession("pid1", offset).get(5, TimeUnit.SECONDS);
            assertThat(restored).isNotNull();
            assertThat(restored.missedPackets()).as("the replay reads up to Y: X is in it")
                    .extracting(m -> m.get(1)).containsExactly(1);
            var back = b.connect("sid1", "news");
            Thread.sleep(200); // back in its rooms: what was kept for it is delivered, then it is live again

            proxy.release(); // b's reader applies X now
            broadcast(a, 2);
            List<Object> got = back.received.poll(5, TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            assertThat(got.subList(0, 2)).as("X (replayed) is not delivered again").containsExactly("msg", 2);
            assertThat(back.received.poll(300, TimeUnit.MILLISECONDS)).as("nothing else").isNull();
        }
    }

    /**
     * A restored socket back in a room but not yet in its own (its loop joins them one after the other) while an
     * entry after the replay is applied: the entry is kept for it, and must not also reach it through the room.
     */
    @Test
    void anEntryKeptForARestoredSocketInARoomButNotYetInItsOwnIsDeliveredOnce() throws Exception {
        FakeNamespace a = node(factory(RedisAdapterOptions.builder(redis.uri())));
        FakeNamespace b = node(factory(RedisAdapterOptions.builder(redis.uri())));
        var onA = a.connect("sid1", "news");
        a.adapter.sessionStarted("sid1", "pid1", Map.of());
        broadcast(a, 0);
        String offset = (String) onA.received.poll(5, TimeUnit.SECONDS).get(2);
        Thread.sleep(200); // b applied entry 0; the live session is stored

        RestoredSession restored = b.adapter.restoreSession("pid1", offset).get(5, TimeUnit.SECONDS);
        assertThat(restored).isNotNull();
        assertThat(restored.rooms()).containsExactlyInAnyOrder("sid1", "news");
        var back = b.register("sid1");
        b.adapter.addAll("sid1", Set.of("news")); // in the room, not yet in its own: not back in all its rooms

        broadcast(a, 1); // after the replay: kept for sid1 until it is back
        Thread.sleep(300);
        assertThat(back.received.poll(200, TimeUnit.MILLISECONDS)).as("kept, not delivered through news").isNull();
        b.adapter.addAll("sid1", Set.of("sid1")); // back in all its rooms: what was kept is delivered
        List<Object> got = back.received.poll(5, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got.subList(0, 2)).containsExactly("msg", 1);
        assertThat(back.received.poll(300, TimeUnit.MILLISECONDS)).as("once").isNull();
    }

    /** The same with a client whose offset is an entry the restoring node has not applied yet. */
    @Test
    void anEntryUpToTheClientsOffsetThatTheRestoringNodeAppliesLaterIsNotDeliveredAgain() throws Exception {
        try (ReaderHoldingProxy proxy = new ReaderHoldingProxy(redis.port())) {
            FakeNamespace a = node(factory(RedisAdapterOptions.builder(redis.uri())));
            FakeNamespace b = node(factory(RedisAdapterOptions.builder(proxy.uri())));
            var onA = a.connect("sid1", "news");
            a.adapter.sessionStarted("sid1", "pid1", Map.of());
            Thread.sleep(200); // the live session is stored

            proxy.hold(); // b's reader lags from now on
            broadcast(a, 0);
            String offset = (String) onA.received.poll(5, TimeUnit.SECONDS).get(2); // the client has it

            RestoredSession restored = b.adapter.restoreSession("pid1", offset).get(5, TimeUnit.SECONDS);
            assertThat(restored).isNotNull();
            assertThat(restored.missedPackets()).isEmpty();
            var back = b.connect("sid1", "news");
            Thread.sleep(200);

            proxy.release(); // b's reader applies entry 0 now
            broadcast(a, 1);
            List<Object> got = back.received.poll(5, TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            assertThat(got.subList(0, 2)).as("entry 0 (the client's offset) is not delivered again")
                    .containsExactly("msg", 1);
            assertThat(back.received.poll(300, TimeUnit.MILLISECONDS)).as("nothing else").isNull();
        }
    }

    @Test
    void aSessionStillConnectedOnTheRestoringNodeIsNotRestoredAndStaysStored() throws Exception {
        FakeNamespace a = node(factory(RedisAdapterOptions.builder(redis.uri())));
        var onA = a.connect("sid1", "news");
        a.adapter.sessionStarted("sid1", "pid1", Map.of());
        broadcast(a, 0);
        String offset = (String) onA.received.poll(5, TimeUnit.SECONDS).get(2);

        assertThat(a.adapter.restoreSession("pid1", offset).get(5, TimeUnit.SECONDS)).isNull();
        Thread.sleep(200);
        assertThat(pttl("sio:session:pid1")).as("stored again").isPositive();
    }

    @Test
    void aLiveSessionIsDeletedOnAFinalDisconnectionAndStoredWithTheRecoveryTtlOnARecoverableOne() throws Exception {
        FakeNamespace a = node(factory(RedisAdapterOptions.builder(redis.uri())));
        a.connect("gone", "news");
        a.adapter.sessionStarted("gone", "pid-gone", Map.of());
        a.connect("back", "news");
        a.adapter.sessionStarted("back", "pid-back", Map.of());
        Thread.sleep(100);
        assertThat(pttl("sio:session:pid-gone")).isPositive();

        a.adapter.delAll("gone"); // not recoverable (e.g. the client disconnected itself)
        a.adapter.persistSession(new PersistedSession("back", "pid-back", Set.of("back", "news"), Map.of()));
        a.adapter.delAll("back");
        Thread.sleep(200);
        assertThat(pttl("sio:session:pid-gone")).as("deleted").isEqualTo(-2L);
        assertThat(pttl("sio:session:pid-back")).as("maxDisconnectionDuration").isBetween(25_000L, 30_000L);
    }

    @Test
    void anSseSubscriberResumesOnAnotherNodeFromTheStreamWithoutASession() throws Exception {
        FakeNamespace a = node(factory(RedisAdapterOptions.builder(redis.uri())));
        FakeNamespace b = node(factory(RedisAdapterOptions.builder(redis.uri())));
        var onA = a.connect("sid1", "news");
        broadcast(a, 0);
        List<Object> first = onA.received.poll(5, TimeUnit.SECONDS);
        String offset = (String) first.get(2);
        broadcast(a, 1);
        a.adapter.broadcast(SioPacket.event("/", List.of("elsewhere")), to("other-room"));
        a.adapter.broadcast(SioPacket.event("/", List.of("everyone")), to());
        broadcast(a, 2);
        a.adapter.broadcast(SioPacket.event("/", List.of("excluded")),
                new BroadcastOptions(Set.of("news"), Set.of("muted"), BroadcastOptions.Flags.DEFAULT));
        for (int i = 0; i < 4; i++) {
            assertThat(onA.received.poll(5, TimeUnit.SECONDS)).isNotNull();
        }

        List<List<Object>> missed = b.adapter.missedPackets(Set.of("news", "muted"), offset).get(5, TimeUnit.SECONDS);
        assertThat(missed).extracting(p -> p.get(0)).containsExactly("msg", "everyone", "msg");
        assertThat(missed.get(0).get(1)).isEqualTo(1);
        assertThat(missed.get(2).get(1)).isEqualTo(2);
        assertThat(missed).allSatisfy(p -> assertThat((String) p.get(p.size() - 1)).matches("\\d+-\\d+"));
        String last = (String) missed.get(2).get(2);
        assertThat(b.adapter.missedPackets(Set.of("news"), last).get(5, TimeUnit.SECONDS))
                .as("nothing after the newest").extracting(p -> p.get(0)).containsExactly("excluded");

        assertThat(b.adapter.missedPackets(Set.of("news"), "1-0").get(5, TimeUnit.SECONDS))
                .as("an offset not in the stream").isNull();
        assertThat(b.adapter.missedPackets(Set.of("news"), "not-an-offset").get(5, TimeUnit.SECONDS)).isNull();
        assertThat(b.adapter.missedPackets(Set.of("news"), "99999999999999999999999-0").get(5, TimeUnit.SECONDS))
                .isNull();
    }

    @Test
    void commandsQueuedWhileRedisIsDownAreBounded() throws Exception {
        RedisAdapterFactory f = factory(RedisAdapterOptions.builder(redis.uri()).maxQueuedCommands(5)
                .commandTimeout(Duration.ofSeconds(2)));
        FakeNamespace a = node(f);
        redis.stop();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (f.state() != AdapterState.DISCONNECTED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(f.state()).isEqualTo(AdapterState.DISCONNECTED);
        for (int i = 0; i < 20; i++) {
            broadcast(a, i);
        }
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (f.failedCommands() < 15 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(f.failedCommands()).as("commands beyond maxQueuedCommands fail at once").isGreaterThanOrEqualTo(15);
    }
}
