package io.zapsocket.client;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keeps the README's "Java client" example compiling (and running against a closed port without hanging). */
class ReadmeExampleTest {
    record Order(String id) {
    }

    static final class Tokens {
        String fresh() {
            return "jwt";
        }
    }

    private final Tokens tokens = new Tokens();

    @Test
    void theReadmeExampleCompilesAndClosesCleanly() {
        // -- from README.md (only the URL differs: a port nothing listens on) --
        try (SocketClient client = SocketClient.create("http://127.0.0.1:1", ClientOptions.builder()
                .auth(() -> Map.of("token", tokens.fresh()))     // evaluated on every (re)connect
                .ackTimeout(Duration.ofSeconds(5))
                .retries(3)                                      // at-least-once: resent until acked, in order
                .build())) {
            ClientSocket socket = client.socket("/");
            socket.onConnect(() -> System.out.println("connected as " + socket.id() + ", recovered="
                    + socket.recovered()));
            socket.onDisconnect(reason -> System.out.println("disconnected: " + reason));   // reconnects by itself
            socket.on("chat", (args, ack) -> System.out.println(args.getString(0)));
            socket.on("order", Order.class, (order, ack) -> ack.send("got " + order.id()));  // bound to a record
            socket.connect();
            socket.emitWithAck("hello", "world", new byte[] {1, 2})  // buffered while offline, sent on connect
                    .thenAccept(reply -> System.out.println("server said " + reply.get(0)));
        }
    }
}
