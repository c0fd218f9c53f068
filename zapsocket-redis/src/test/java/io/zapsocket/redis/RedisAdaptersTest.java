package io.zapsocket.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.RemoteSocket;
import io.zapsocket.server.ServerSideEmitTimeoutException;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.testkit.RedisProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two (or three) in-process "nodes" per adapter kind on one redis-server; sockets are fakes. */
class RedisAdaptersTest {
    private static RedisProcess redis;
    private final List<RedisAdapterFactory> factories = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeFactories() {
        factories.forEach(f -> f.close(Duration.ofMillis(200)));
    }

    private FakeNamespace node(RedisAdapterFactory.Kind kind, Function<RedisAdapterOptions.Builder,
            RedisAdapterOptions.Builder> tune) throws Exception {
        return join(new FakeNamespace(null), kind, tune);
    }

    /** Gives {@code nsp} an adapter of a new factory (a new "node") and waits until it listens. */
    private FakeNamespace join(FakeNamespace nsp, RedisAdapterFactory.Kind kind, Function<RedisAdapterOptions.Builder,
            RedisAdapterOptions.Builder> tune) throws Exception {
        RedisAdapterOptions options = tune.apply(RedisAdapterOptions.builder(redis.uri())
                .key("t-" + kind).streamName("t-" + kind)).build();
        RedisAdapterFactory f = switch (kind) {
            case PUB_SUB -> RedisAdapters.pubSub(options);
            case SHARDED -> RedisAdapters.sharded(options);
            case STREAMS -> RedisAdapters.streams(options);
        };
        factories.add(f);
        nsp.with(f::create);
        f.ready().get(10, TimeUnit.SECONDS);
        return nsp;
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

    @ParameterizedTest
    @EnumSource(RedisAdapterFactory.Kind.class)
    void roomBroadcastReachesTheOtherNodeOnceAndInOrder(RedisAdapterFactory.Kind kind) throws Exception {
        FakeNamespace a = node(kind, b -> b);
        FakeNamespace b = node(kind, x -> x);
        awaitServerCount(a, 2);
        var inB = b.connect("sb1", "room");
        var outB = b.connect("sb2");
        var inA = a.connect("sa1", "room");
        if (kind == RedisAdapterFactory.Kind.SHARDED) {
            // the room's own channel is subscribed when the room appears on a node, asynchronously (as in Node):
            // what is published to it before that does not reach the node
            Thread.sleep(300);
        }
        for (int i = 0; i < 20; i++) {
            a.adapter.broadcast(SioPacket.event("/", List.of("ev", i, new byte[] {(byte) i})), to("room"));
        }
        a.adapter.broadcast(SioPacket.event("/", List.of("end")), to());
        for (var s : List.of(inA, inB)) {
            for (int i = 0; i < 20; i++) {
                List<Object> got = s.received.poll(5, TimeUnit.SECONDS);
                assertThat(got).as("%s message %d", s.id, i).isNotNull();
                assertThat(got.subList(0, 2)).containsExactly("ev", i);
                assertThat((byte[]) got.get(2)).containsExactly(i);
            }
            assertThat(s.received.poll(5, TimeUnit.SECONDS)).containsExactly("end");
        }
        assertThat(outB.received.poll(5, TimeUnit.SECONDS)).containsExactly("end");
        assertThat(inB.received).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RedisAdapterFactory.Kind.class)
    void fetchSocketsAndServerSideEmitWithAckSpanTheNodes(RedisAdapterFactory.Kind kind) throws Exception {
        FakeNamespace a = node(kind, b -> b);
        FakeNamespace b = node(kind, x -> x);
        awaitServerCount(a, 2);
        a.connect("sa", "r");
        b.connect("sb", "r");
        b.connect("other");
        List<RemoteSocket> sockets = a.adapter.fetchSockets(to("r")).get(10, TimeUnit.SECONDS);
        Set<String> ids = new TreeSet<>();
        sockets.forEach(s -> ids.add(s.id()));
        assertThat(ids).containsExactly("sa", "sb");
        RemoteSocket remote = sockets.stream().filter(s -> s.id().equals("sb")).findFirst().orElseThrow();
        assertThat(remote.rooms()).containsExactlyInAnyOrder("sb", "r");
        assertThat(remote.data()).containsEntry("user", "sb");

        b.serverSideAnswer = "from-b";
        List<Object> answers = a.adapter.serverSideEmitWithAck(List.of("hello", 1)).get(10, TimeUnit.SECONDS);
        assertThat(answers).containsExactly("from-b");
        assertThat(b.serverSideEmits.poll(5, TimeUnit.SECONDS)).containsExactly("hello", 1);
        assertThat(a.serverSideEmits).as("not to itself").isEmpty();
        assertThat(factories.get(0).requestTimeouts()).isZero();
        // every command answered: none left queued
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (factories.get(0).queuedCommands() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(factories.get(0).queuedCommands()).isZero();
    }

    @ParameterizedTest
    @EnumSource(RedisAdapterFactory.Kind.class)
    void serverSideEmitWithAckTimesOutWithTheAnswersReceived(RedisAdapterFactory.Kind kind) throws Exception {
        FakeNamespace a = node(kind, o -> o.requestsTimeout(Duration.ofMillis(500)));
        FakeNamespace b = node(kind, o -> o);
        join(new FakeNamespace(null) {
            @Override
            public void onServerSideEmit(List<Object> packet, java.util.function.Consumer<Object> ack) {
                // never answers
            }
        }, kind, o -> o);
        awaitServerCount(a, 3);
        b.serverSideAnswer = "b";
        assertThatThrownBy(() -> a.adapter.serverSideEmitWithAck(List.of("q")).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ServerSideEmitTimeoutException.class)
                .hasMessage("timeout reached: only 1 responses received out of 2")
                .satisfies(e -> assertThat(((ServerSideEmitTimeoutException) e).responses()).containsExactly("b"));
        assertThat(factories.get(0).requestTimeouts()).as("the requester counts the timeout").isEqualTo(1);
        assertThat(factories.get(1).requestTimeouts()).isZero();
    }
}
