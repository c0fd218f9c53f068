package io.zapsocket.spring.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapsocket.protocol.Parser;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.spring.OnEvent;
import io.zapsocket.spring.ServerOptionsCustomizer;
import io.zapsocket.spring.ZapController;
import io.zapsocket.protocol.Args;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ZapSocketAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ZapSocketAutoConfiguration.class))
            .withPropertyValues("zapsocket.port=0", "zapsocket.host=127.0.0.1");

    @Test
    void propertiesAreMappedToServerOptions() {
        runner.withPropertyValues("zapsocket.path=/ws/", "zapsocket.ping-interval=5s", "zapsocket.ping-timeout=3s",
                        "zapsocket.max-payload=65536", "zapsocket.max-connections=100",
                        "zapsocket.allowed-origins=https://a.example,https://b.example", "zapsocket.ack-timeout=2s",
                        "zapsocket.cors.allowed-origins=https://a.example", "zapsocket.cors.allow-credentials=true",
                        "zapsocket.recovery.enabled=true", "zapsocket.recovery.max-disconnection-duration=30s",
                        "zapsocket.parser=msgpack", "zapsocket.serve-client=false", "zapsocket.connect-timeout=7s")
                .run(context -> {
                    ServerOptions o = context.getBean(ServerOptions.class);
                    assertThat(o.path()).isEqualTo("/ws/");
                    assertThat(o.pingInterval()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(o.pingTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(o.maxHttpBufferSize()).isEqualTo(65536);
                    assertThat(o.maxConnections()).isEqualTo(100);
                    assertThat(o.allowedOrigins()).containsExactlyInAnyOrder("https://a.example", "https://b.example");
                    assertThat(o.ackTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(o.cors().origins()).containsExactly("https://a.example");
                    assertThat(o.cors().credentials()).isTrue();
                    assertThat(o.connectionStateRecovery().maxDisconnectionDuration())
                            .isEqualTo(Duration.ofSeconds(30));
                    assertThat(o.parser()).isEqualTo(Parser.MSGPACK);
                    assertThat(o.serveClient()).isFalse();
                    assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
                });
    }

    @Test
    void unsetPropertiesKeepTheServerOptionsDefaults() {
        runner.run(context -> {
            ServerOptions o = context.getBean(ServerOptions.class);
            ServerOptions d = ServerOptions.DEFAULT;
            assertThat(o.path()).isEqualTo(d.path());
            assertThat(o.pingInterval()).isEqualTo(d.pingInterval());
            assertThat(o.pingTimeout()).isEqualTo(d.pingTimeout());
            assertThat(o.connectTimeout()).isEqualTo(d.connectTimeout());
            assertThat(o.maxHttpBufferSize()).isEqualTo(d.maxHttpBufferSize());
            assertThat(o.maxBufferedBytes()).isEqualTo(d.maxBufferedBytes());
            assertThat(o.maxConnections()).isEqualTo(d.maxConnections());
            assertThat(o.allowedOrigins()).isEqualTo(d.allowedOrigins());
            assertThat(o.allowCrossOrigin()).isEqualTo(d.allowCrossOrigin());
            assertThat(o.cors()).isNull();
            assertThat(o.connectionStateRecovery()).isNull();
            assertThat(o.ackTimeout()).isEqualTo(d.ackTimeout());
            assertThat(o.ioThreads()).isEqualTo(d.ioThreads());
            assertThat(o.serveClient()).isEqualTo(d.serveClient());
            assertThat(o.validatePayloads()).isEqualTo(d.validatePayloads());
            assertThat(o.parser()).isEqualTo(d.parser());
            assertThat(o.trustedProxies()).isEqualTo(d.trustedProxies());
            assertThat(o.objectMapper()).as("no ObjectMapper bean: the server's default").isSameAs(d.objectMapper());
        });
    }

    @Test
    void anInvalidValueFailsTheStartWithTheBuildersMessage() {
        runner.withPropertyValues("zapsocket.max-payload=4").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("maxHttpBufferSize must be >= 16");
        });
    }

    @Test
    void theApplicationsObjectMapperBindsPayloads() {
        ObjectMapper mapper = new ObjectMapper();
        runner.withBean(ObjectMapper.class, () -> mapper)
                .run(context -> assertThat(context.getBean(ServerOptions.class).objectMapper()).isSameAs(mapper));
    }

    @Test
    void customizersRunAfterTheProperties() {
        runner.withPropertyValues("zapsocket.max-connections=10")
                .withBean(ServerOptionsCustomizer.class, () -> b -> b.maxConnections(20))
                .run(context -> assertThat(context.getBean(ServerOptions.class).maxConnections()).isEqualTo(20));
    }

    @Test
    void disabledCreatesNoServer() {
        runner.withPropertyValues("zapsocket.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SocketServer.class)
                        .doesNotHaveBean(ZapSocketLifecycle.class));
    }

    @Test
    void theApplicationsOwnServerWins() {
        SocketServer own = SocketServer.create(ServerOptions.builder().path("/own/").build());
        runner.withBean(SocketServer.class, () -> own)
                .run(context -> assertThat(context.getBean(ZapSocketLifecycle.class).server()).isSameAs(own));
    }

    @Test
    void anOnEventMethodWithArgsAndAPayloadFailsTheStart() {
        runner.withUserConfiguration(BadController.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("$Bad.both takes both Args and a payload");
        });
    }

    @Test
    void anOnEventWithAReservedNameFailsTheStart() {
        runner.withUserConfiguration(ReservedController.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("@OnEvent(\"disconnect\")").hasMessageContaining("reserved");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class BadController {
        @Bean
        Bad bad() {
            return new Bad();
        }
    }

    @ZapController
    static class Bad {
        @OnEvent("both")
        void both(Args args, String payload) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReservedController {
        @Bean
        Reserved reserved() {
            return new Reserved();
        }
    }

    @ZapController
    static class Reserved {
        @OnEvent("disconnect")
        void disconnect() {
        }
    }
}
