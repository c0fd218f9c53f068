package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Args;
import io.zapsocket.testkit.RedisProcess;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The idempotency window cluster-wide: two nodes on one real {@code redis-server}; a retry of an emit that lands on the
 * other node (a reconnect behind a load balancer) is answered with the first answer and the handler runs once.
 */
class IdempotencyRedisTest {
    private RedisProcess redis;
    private Node a;
    private Node b;
    private final AtomicInteger runs = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.start();
        SyncOptions options = SyncOptions.builder().maxDataBytes(1024).build();
        a = new Node(SyncStores.redis(redis.uri(), options), options);
        b = new Node(SyncStores.redis(redis.uri(), options), options);
        for (Node n : new Node[] {a, b}) {
            String name = n == a ? "A" : "B";
            n.sync.onIdempotent("order", (socket, args, ack) -> {
                int run = runs.incrementAndGet();
                Object arg = args.get(0);
                if ("boom".equals(arg)) {
                    throw new IllegalStateException("boom");
                } else if ("slow".equals(arg)) {
                    CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS)
                            .execute(() -> ack.send("run " + run + " on " + name));
                } else if ("big".equals(arg)) {
                    ack.send("x".repeat(2000));
                } else {
                    ack.send("run " + run + " on " + name, arg);
                }
            });
        }
    }

    @AfterEach
    void stop() throws Exception {
        try {
            for (Node n : new Node[] {a, b}) {
                if (n != null) {
                    n.close();
                }
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    private static Args call(ClientSocket s, Object arg, String key) throws Exception {
        return s.emitWithAck("order", arg, Map.of("zs:idem", key)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRetryOnTheOtherNodeGetsTheFirstAnswerAndTheHandlerRunsOnce() throws Exception {
        ClientSocket onA = a.connect("ann");
        assertThat(call(onA, "tea", "k1").list()).containsExactly("run 1 on A", "tea");
        onA.disconnect();
        ClientSocket onB = b.connect("ann"); // the retry after a reconnect, to the other node
        assertThat(call(onB, "tea, again", "k1").list()).containsExactly("run 1 on A", "tea");
        assertThat(call(onB, "tea, again", "k1").list()).containsExactly("run 1 on A", "tea"); // B's own window
        assertThat(runs).hasValue(1);
        // another user's keys are another space; a new key runs
        assertThat(call(b.connect("bob"), "cake", "k1").list()).containsExactly("run 2 on B", "cake");
        assertThat(call(onB, "cake", "k2").list()).containsExactly("run 3 on B", "cake");
        assertThat(runs).hasValue(3);
    }

    @Test
    void aRetryOnTheOtherNodeWhileTheFirstRunsWaitsForItsAnswer() throws Exception {
        ClientSocket onA = a.connect("ann");
        ClientSocket onB = b.connect("ann");
        CompletableFuture<Args> first = onA.emitWithAck("order", "slow", Map.of("zs:idem", "k1"));
        Thread.sleep(100); // A has claimed the key and runs the handler (500 ms)
        Args retry = call(onB, "slow", "k1");
        assertThat(retry.list()).containsExactly("run 1 on A");
        assertThat(first.get(10, TimeUnit.SECONDS).list()).containsExactly("run 1 on A");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aFailedHandlerReleasesTheKeyAndATooLargeAnswerIsNotReplayedElsewhere() throws Exception {
        ClientSocket onA = a.connect("ann");
        ClientSocket onB = b.connect("ann");
        onA.emit("order", "boom", Map.of("zs:idem", "k1")); // no answer: the key is released
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
        Thread.sleep(200);
        assertThat(call(onB, "tea", "k1").list()).containsExactly("run 2 on B", "tea");

        assertThat(call(onA, "big", "k2").getString(0)).hasSize(2000);
        assertThat(call(onA, "big", "k2").getString(0)).hasSize(2000); // A's own window keeps it
        Map<String, Object> elsewhere = call(onB, "big", "k2").getMap(0); // above maxDataBytes: not kept in Redis
        assertThat(Node.errorCode(elsewhere)).isEqualTo("too_large");
        assertThat(runs).hasValue(3);
    }
}
