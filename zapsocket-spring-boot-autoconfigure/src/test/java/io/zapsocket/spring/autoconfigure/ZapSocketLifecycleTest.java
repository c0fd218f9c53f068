package io.zapsocket.spring.autoconfigure;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.server.Handshake;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import io.zapsocket.spring.OnConnect;
import io.zapsocket.spring.OnDisconnect;
import io.zapsocket.spring.OnEvent;
import io.zapsocket.spring.ZapController;
import io.zapsocket.spring.ZapSocketConfigurer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ZapSocketLifecycleTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ZapSocketAutoConfiguration.class))
            .withPropertyValues("zapsocket.port=0", "zapsocket.host=127.0.0.1", "zapsocket.shutdown-timeout=2s")
            .withUserConfiguration(Handlers.class);

    record Greeting(String name, int times) {
    }

    @ZapController(namespace = "/chat")
    static class ChatController {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @OnConnect
        void connected(ServerSocket socket, Handshake handshake) {
            seen.add("connect " + handshake.auth().get("user"));
            socket.emit("welcome", "hi " + handshake.auth().get("user"));
        }

        @OnEvent("greet")
        String greet(Greeting greeting, ServerSocket socket) {
            return "hello " + greeting.name() + " x" + greeting.times();
        }

        @OnEvent("sum")
        CompletionStage<Integer> sum(Args args) {
            return CompletableFuture.supplyAsync(() -> args.getInt(0) + args.getInt(1));
        }

        @OnEvent("explicit")
        void explicit(Ack ack) {
            ack.send("a", 1);
        }

        @OnEvent("nothing")
        String nothing() {
            return null;
        }

        @OnEvent("boom")
        String boom() {
            throw new IllegalArgumentException("boom");
        }

        @OnDisconnect
        void gone(DisconnectReason reason, String description) {
            seen.add("disconnect " + reason);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        ChatController chatController() {
            return new ChatController();
        }

        @Bean
        @Order(2)
        ZapSocketConfigurer echo() {
            return server -> server.onConnection(socket -> socket.on("echo", (args, ack) -> ack.send(args.toArray())));
        }

        @Bean
        @Order(1)
        ZapSocketConfigurer errorRecorder(List<Throwable> errors) {
            return server -> server.onError((socket, error) -> errors.add(error));
        }

        @Bean
        List<Throwable> errors() {
            return new CopyOnWriteArrayList<>();
        }
    }

    @Test
    void annotatedAndFunctionalHandlersAnswerTheJavaClientAndTheServerDrainsOnClose() {
        runner.run(context -> {
            SocketServer server = context.getBean(SocketServer.class);
            InetSocketAddress address = server.address();
            assertThat(address).as("listening after the refresh").isNotNull();
            String url = "http://127.0.0.1:" + address.getPort();
            ChatController controller = context.getBean(ChatController.class);
            ZapSocketLifecycle lifecycle = context.getBean(ZapSocketLifecycle.class);

            try (SocketClient client = SocketClient.create(url)) {
                BlockingQueue<String> welcome = new LinkedBlockingQueue<>();
                BlockingQueue<DisconnectReason> closed = new LinkedBlockingQueue<>();
                ClientSocket chat = client.socket("/chat", () -> Map.of("user", "ada"));
                chat.on("welcome", (args, ack) -> welcome.add(args.getString(0)));
                chat.onDisconnect(closed::add);
                chat.connect();
                ClientSocket main = client.socket("/");
                main.connect();

                assertThat(welcome.poll(10, TimeUnit.SECONDS)).isEqualTo("hi ada");
                assertThat(chat.emitWithAck("greet", Map.of("name", "Ada", "times", 2)).get(10, TimeUnit.SECONDS)
                        .getString(0)).isEqualTo("hello Ada x2");
                assertThat(chat.emitWithAck("sum", 2, 3).get(10, TimeUnit.SECONDS).getInt(0)).isEqualTo(5);
                assertThat(chat.emitWithAck("explicit").get(10, TimeUnit.SECONDS).list()).containsExactly("a", 1);
                assertThat(chat.emitWithAck("nothing").get(10, TimeUnit.SECONDS).isEmpty()).isTrue();
                assertThat(main.emitWithAck("echo", "x", 2).get(10, TimeUnit.SECONDS).list()).containsExactly("x", 2);

                chat.emit("boom");
                @SuppressWarnings("unchecked")
                List<Throwable> errors = context.getBean("errors", List.class);
                await().atMost(10, TimeUnit.SECONDS).until(() -> !errors.isEmpty());
                assertThat(errors.get(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
                assertThat(chat.connected()).as("a handler's exception leaves the socket connected").isTrue();

                ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();

                assertThat(closed.poll(10, TimeUnit.SECONDS))
                        .isIn(DisconnectReason.IO_SERVER_DISCONNECT, DisconnectReason.TRANSPORT_CLOSE);
                assertThat(server.address()).as("not listening after the context closed").isNull();
                await().atMost(10, TimeUnit.SECONDS)
                        .until(() -> controller.seen.contains("disconnect " + DisconnectReason.SERVER_SHUTTING_DOWN));
                assertThat(controller.seen).startsWith("connect ada");
                assertThat(lifecycle.isRunning()).isFalse();
            }
        });
    }
}
