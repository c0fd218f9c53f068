package io.zapsocket.examples.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link ChatHistoryContract} on a real {@code redis-server}. */
class RedisChatHistoryTest extends ChatHistoryContract {
    private static TestRedis redis;
    private static DemoRedis connection;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.start();
        connection = redis.connect();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    ChatHistory newHistory(int size, int rememberedIds) {
        return new RedisChatHistory(connection, TestRedis.newPrefix(), size, rememberedIds);
    }
}
