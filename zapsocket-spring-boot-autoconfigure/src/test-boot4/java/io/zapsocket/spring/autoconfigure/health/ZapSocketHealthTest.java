package io.zapsocket.spring.autoconfigure.health;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.server.SocketServer;
import io.zapsocket.spring.autoconfigure.ZapSocketAutoConfiguration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The {@code zapsocket} health contributor (Boot 4's spring-boot-health API; src/test-boot3 has the Boot 3 twin). */
class ZapSocketHealthTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ZapSocketAutoConfiguration.class,
                    ZapSocketHealthAutoConfiguration.class))
            .withPropertyValues("zapsocket.port=0", "zapsocket.host=127.0.0.1", "zapsocket.shutdown-timeout=1s");

    @Test
    void upWithConnectionsWhileListeningOutOfServiceAfterTheDrain() {
        runner.run(context -> {
            HealthIndicator health = context.getBean("zapsocketHealthIndicator", HealthIndicator.class);
            SocketServer server = context.getBean(SocketServer.class);
            try (SocketClient client = SocketClient.create("http://127.0.0.1:" + server.address().getPort())) {
                ClientSocket socket = client.socket("/");
                socket.connect();
                await().atMost(10, TimeUnit.SECONDS).until(socket::connected);
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                assertThat(health.health().getDetails()).containsEntry("state", "listening")
                        .containsEntry("connections", 1).containsKey("address");
                ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
                assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                assertThat(health.health().getDetails()).containsEntry("state", "stopped");
            }
        });
    }

    @Test
    void offWhenDisabled() {
        runner.withPropertyValues("management.health.zapsocket.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(HealthIndicator.class));
    }
}
