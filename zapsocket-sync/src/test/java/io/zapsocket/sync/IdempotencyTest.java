package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Args;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Idempotent emits on the wire: a trailing {@code {"zs:idem": key}} argument, one handler run per key and user. */
class IdempotencyTest {
    private Node node;
    private final AtomicInteger runs = new AtomicInteger();
    private final List<Object> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private void start(SyncOptions options) throws Exception {
        node = new Node(SyncStores.inMemory(), options);
        node.sync.onIdempotent("order", (socket, args, ack) -> {
            int n = runs.incrementAndGet();
            seen.add(args.list());
            if ("boom".equals(args.get(0))) {
                throw new IllegalStateException("boom");
            }
            if ("slow".equals(args.get(0))) {
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> ack.send("run " + n));
            } else {
                ack.send("run " + n, args.get(0));
            }
        });
        node.server.onConnection(socket -> socket.on("plain", (args, ack) -> ack.send(args.size(), args.get(0))));
    }

    private static Map<String, Object> key(Object k) {
        return Map.of("zs:idem", k);
    }

    private static Args call(ClientSocket s, String event, Object... args) throws Exception {
        return s.emitWithAck(event, args).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRepeatedKeyGetsTheFirstAnswerWithoutRunningTheHandlerAgain() throws Exception {
        start(SyncOptions.defaults());
        ClientSocket s = node.connect("ann");
        assertThat(call(s, "order", "a", key("k1")).list()).containsExactly("run 1", "a");
        assertThat(call(s, "order", "changed", key("k1")).list()).containsExactly("run 1", "a"); // first answer
        assertThat(call(s, "order", "b", key("k2")).list()).containsExactly("run 2", "b");
        assertThat(call(s, "order", "c").list()).containsExactly("run 3", "c"); // no key: as before
        assertThat(call(s, "order", "c").list()).containsExactly("run 4", "c");
        assertThat(seen).containsExactly(List.of("a"), List.of("b"), List.of("c"), List.of("c")); // key stripped
        // on a new connection of the same user (a retry after a reconnect)
        ClientSocket again = node.connect("ann");
        assertThat(call(again, "order", "a", key("k1")).list()).containsExactly("run 1", "a");
        // another user's key space
        ClientSocket bob = node.connect("bob");
        assertThat(call(bob, "order", "x", key("k1")).list()).containsExactly("run 5", "x");
        assertThat(runs).hasValue(5);
    }

    @Test
    void aRepeatWhileTheFirstIsRunningWaitsForItsAnswer() throws Exception {
        start(SyncOptions.defaults());
        ClientSocket s = node.connect("ann");
        CompletableFuture<Args> first = s.emitWithAck("order", "slow", key("s"));
        CompletableFuture<Args> second = s.emitWithAck("order", "slow", key("s"));
        assertThat(first.get(5, TimeUnit.SECONDS).list()).containsExactly("run 1");
        assertThat(second.get(5, TimeUnit.SECONDS).list()).containsExactly("run 1");
        assertThat(runs).hasValue(1);
    }

    @Test
    void boundsAndFailures() throws Exception {
        start(SyncOptions.builder().maxIdempotencyKeys(2).idempotencyWindow(Duration.ofMillis(500)).build());
        ClientSocket s = node.connect("ann");
        call(s, "order", "1", key("k1"));
        call(s, "order", "2", key("k2"));
        call(s, "order", "3", key("k3")); // k1 is evicted (at most 2 keys)
        assertThat(call(s, "order", "1", key("k1")).list()).containsExactly("run 4", "1");
        assertThat(call(s, "order", "3", key("k3")).list()).containsExactly("run 3", "3");
        Thread.sleep(600); // past the window
        assertThat(call(s, "order", "3", key("k3")).list()).containsExactly("run 5", "3");
        // a handler that failed gave no answer: a retry runs it again
        s.emit("order", "boom", key("b"));
        s.emit("order", "boom", key("b"));
        Thread.sleep(200);
        assertThat(runs).hasValue(7);
    }

    @Test
    void badKeysAreRefusedAndOtherEventsNeverSeeTheMarker() throws Exception {
        start(SyncOptions.defaults());
        ClientSocket s = node.connect("ann");
        assertThat(Node.errorCode(call(s, "order", "x", key(42)).getMap(0))).isEqualTo("bad_request");
        assertThat(Node.errorCode(call(s, "order", "x", key("")).getMap(0))).isEqualTo("bad_request");
        assertThat(Node.errorCode(call(s, "order", "x", key("k".repeat(129))).getMap(0))).isEqualTo("bad_request");
        assertThat(runs).hasValue(0);
        assertThat(call(s, "plain", "x", key("k")).list()).containsExactly(1, "x"); // marker removed
        assertThat(call(s, "plain", "x", Map.of("other", 1)).list()).containsExactly(2, "x"); // not a marker
    }
}
