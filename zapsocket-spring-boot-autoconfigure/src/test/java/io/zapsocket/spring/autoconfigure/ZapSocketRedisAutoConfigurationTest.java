package io.zapsocket.spring.autoconfigure;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.redis.RedisAdapterFactory;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.adapter.AdapterFactory;
import io.zapsocket.server.adapter.InMemoryAdapter;
import io.zapsocket.spring.ZapSocketConfigurer;
import io.zapsocket.testkit.RedisProcess;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code zapsocket.adapter=redis} with Spring's {@code spring.data.redis.*}: two applications form one cluster. */
class ZapSocketRedisAutoConfigurationTest {
    private static RedisProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ZapSocketRedisAutoConfiguration.class,
                        ZapSocketAutoConfiguration.class))
                .withPropertyValues("zapsocket.port=0", "zapsocket.host=127.0.0.1", "zapsocket.shutdown-timeout=1s",
                        "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port());
    }

    @Test
    void noAdapterUnlessAsked() {
        runner().run(context -> assertThat(context).doesNotHaveBean(AdapterFactory.class));
    }

    @Test
    void redisWithoutZapsocketRedisFailsTheStartInsteadOfRunningAlone() {
        runner().withPropertyValues("zapsocket.adapter=redis")
                .withClassLoader(new FilteredClassLoader(RedisAdapterFactory.class))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("zapsocket.adapter=redis, but there is no AdapterFactory bean");
                });
    }

    @Test
    void anUnknownAdapterFailsTheBinding() {
        runner().withPropertyValues("zapsocket.adapter=kafka").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("zapsocket.adapter");
        });
    }

    @Test
    void theApplicationsOwnAdapterWins() {
        AdapterFactory own = InMemoryAdapter::new;
        runner().withPropertyValues("zapsocket.adapter=redis").withBean(AdapterFactory.class, () -> own)
                .run(context -> assertThat(context.getBean(ServerOptions.class).adapter()).isSameAs(own));
    }

    @Test
    void twoApplicationsOnOneRedisBroadcastToEachOthersClients() {
        ApplicationContextRunner node = runner().withPropertyValues("zapsocket.adapter=redis",
                        "zapsocket.redis.key=spring-test")
                .withBean("relay", ZapSocketConfigurer.class, () -> server -> server.onConnection(socket ->
                        socket.on("shout", (args, ack) -> {
                            server.emit("heard", args.get(0));
                            ack.send("ok");
                        })));
        node.run(a -> node.run(b -> {
            assertThat(a).hasSingleBean(RedisAdapterFactory.class);
            assertThat(a.getBean(ServerOptions.class).adapter()).isSameAs(a.getBean(RedisAdapterFactory.class));
            String urlA = "http://127.0.0.1:" + a.getBean(SocketServer.class).address().getPort();
            String urlB = "http://127.0.0.1:" + b.getBean(SocketServer.class).address().getPort();
            try (SocketClient clientA = SocketClient.create(urlA); SocketClient clientB = SocketClient.create(urlB)) {
                BlockingQueue<String> heardOnB = new LinkedBlockingQueue<>();
                ClientSocket onB = clientB.socket("/");
                onB.on("heard", (args, ack) -> heardOnB.add(args.getString(0)));
                onB.connect();
                ClientSocket onA = clientA.socket("/");
                onA.connect();
                await(onB);
                // the pub/sub subscription is asynchronous: shout until node B's client hears it
                String heard = null;
                for (int i = 0; i < 20 && heard == null; i++) {
                    assertThat(onA.emitWithAck("shout", "hello " + i).get(10, TimeUnit.SECONDS).getString(0))
                            .isEqualTo("ok");
                    heard = heardOnB.poll(500, TimeUnit.MILLISECONDS);
                }
                assertThat(heard).as("a broadcast on node A reaches node B's client through Redis")
                        .startsWith("hello ");
            }
            ((ConfigurableApplicationContext) a.getSourceApplicationContext()).close();
        }));
    }

    private static void await(ClientSocket socket) throws InterruptedException {
        for (int i = 0; i < 100 && !socket.connected(); i++) {
            Thread.sleep(50);
        }
        assertThat(socket.connected()).isTrue();
    }
}
