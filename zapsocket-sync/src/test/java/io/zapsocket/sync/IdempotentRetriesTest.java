package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of idempotent emits: 1 000 emits from the Java client (at-least-once retries with idempotency
 * keys) through a fault injector that drops every other acknowledgement: the handler runs exactly 1 000 times, and
 * every emit gets the answer of its one run.
 */
class IdempotentRetriesTest {
    @Test
    void aThousandEmitsThroughDroppedAcksRunTheHandlerExactlyOnceEach() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Map<Integer, Integer> perEmit = new ConcurrentHashMap<>();
        try (Node node = new Node(SyncStores.inMemory(), SyncOptions.defaults());
                AckDroppingProxy proxy = new AckDroppingProxy(node.port)) {
            node.sync.onIdempotent("order", (socket, args, ack) -> {
                int run = runs.incrementAndGet();
                perEmit.merge(args.getInt(0), 1, Integer::sum);
                ack.send("done", args.getInt(0), run);
            });
            SocketClient client = SocketClient.create("http://127.0.0.1:" + proxy.port(), ClientOptions.builder()
                    .transports(Transport.WEBSOCKET).auth(Map.of("user", "ann")).ackTimeout(Duration.ofMillis(25))
                    .retries(1000).idempotencyKeys(true).build());
            try {
                ClientSocket socket = client.socket("/");
                socket.connect();
                List<CompletableFuture<Args>> answers = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    answers.add(socket.emitWithAck("order", i));
                }
                CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
                assertThat(runs).hasValue(1000);
                assertThat(perEmit).hasSize(1000).allSatisfy((i, n) -> assertThat(n).isEqualTo(1));
                for (int i = 0; i < 1000; i++) {
                    Args a = answers.get(i).join();
                    assertThat(a.getString(0)).isEqualTo("done");
                    assertThat(a.getInt(1)).isEqualTo(i);
                }
                assertThat(proxy.dropped()).isGreaterThanOrEqualTo(proxy.acks() / 2); // half the acks lost
                System.out.printf("IdempotentRetriesTest: 1000 emits, %d acks sent, %d dropped, %d handler runs%n",
                        proxy.acks(), proxy.dropped(), runs.get());
            } finally {
                client.close();
            }
        }
    }
}
