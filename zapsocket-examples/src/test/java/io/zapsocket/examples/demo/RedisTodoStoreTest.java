package io.zapsocket.examples.demo;

import io.zapsocket.examples.demo.TodoStore.Applied;
import io.zapsocket.testkit.RedisProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link TodoStoreContract} on a real {@code redis-server}, plus what only Redis can do wrong. */
class RedisTodoStoreTest extends TodoStoreContract {
    private static TestRedis redis;
    private static DemoRedis node1;
    private static DemoRedis node2;
    private String prefix;
    private int maxItems;
    private int rememberedOps;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.start();
        node1 = redis.connect();
        node2 = redis.connect();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    TodoStore newStore(Clock clock, int maxItems, int rememberedOps) {
        prefix = TestRedis.newPrefix();
        this.maxItems = maxItems;
        this.rememberedOps = rememberedOps;
        return new RedisTodoStore(node1, prefix, clock, maxItems, rememberedOps);
    }

    @Override
    TodoStore otherNode(Clock clock) {
        return new RedisTodoStore(node2, prefix, clock, maxItems, rememberedOps);
    }

    @Test
    void theScriptsAreLoadedAgainWhenRedisForgotThem() {
        create("op1", "t1", "Buy milk", "Alice");
        join(node1.call(c -> c.scriptFlush()));
        assertThat(update("op2", "t1", 1, null, true, "Bob")).isInstanceOf(Applied.class);
        assertThat(list()).extracting(Todo::version).containsExactly(2L);
    }

    @Test
    void aStoreThatCannotReachRedisFailsAndWorksAgainWhenRedisIsBack() throws Exception {
        try (RedisProcess own = RedisProcess.start()) {
            DemoRedis connection = DemoRedis.connect(own.uri(), "unused:");
            try {
                RedisTodoStore s = new RedisTodoStore(connection, "x:", clock);
                join(s.create("op1", "t1", "Buy milk", "Alice"));
                own.stop();
                // fails (the handlers answer "unavailable", the page sends it again) rather than queueing
                assertThatThrownBy(() -> join(s.create("op2", "t2", "Offline", "Alice")))
                        .isInstanceOf(CompletionException.class);
                own.restart(Duration.ZERO); // empty (no persistence), same port
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                        join(s.create("op3", "t3", "Back", "Alice")) instanceof Applied);
                assertThat(join(s.list())).extracting(Todo::text).containsExactly("Back");
            } finally {
                connection.close();
            }
        }
    }
}
