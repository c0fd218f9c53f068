package io.zapsocket.server.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Membership by heartbeats over a broker that moves bytes only (a loop in memory): announce and answer, requests
 * that wait for each known node, goodbyes and silent nodes.
 */
class ClusterAdapterWithHeartbeatTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor();
    private final List<Node> nodes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
        dispatcher.shutdownNow();
    }

    /** Delivers the bytes of a publish to every other node, in order, on the dispatcher. */
    private void broadcastBytes(byte[] payload) {
        dispatcher.execute(() -> {
            ClusterMessage m = ClusterMessage.decode(payload);
            nodes.forEach(n -> n.onMessage(m, null));
        });
    }

    private final class Node extends ClusterAdapterWithHeartbeat {
        Node(String name) {
            super(context(name), new ClusterAdapter.Config(Duration.ofSeconds(2), 100, timer, dispatcher),
                    Duration.ofMillis(100), Duration.ofMillis(400));
            nodes.add(this);
            start();
        }

        @Override
        protected CompletableFuture<String> doPublish(ClusterMessage message) {
            broadcastBytes(message.encode());
            return CompletableFuture.completedFuture("");
        }

        @Override
        protected CompletableFuture<Void> doPublishResponse(String requesterUid, ClusterMessage response) {
            broadcastBytes(response.encode());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            super.close();
            nodes.remove(this);
        }
    }

    private static AdapterContext context(String name) {
        return new TestContext(RoomListener.NOOP) {
            @Override
            public void onServerSideEmit(List<Object> packet, Consumer<Object> ack) {
                if (ack != null) {
                    ack.accept("pong from " + name);
                }
            }
        };
    }

    private static void eventually(Runnable check) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void nodesFindEachOtherAnswerRequestsAndSayGoodbye() throws Exception {
        Node a = new Node("a");
        Node b = new Node("b");
        eventually(() -> assertThat(a.serverCount().join()).isEqualTo(2));
        eventually(() -> assertThat(b.serverCount().join()).isEqualTo(2));

        assertThat(a.serverSideEmitWithAck(List.of("ping")).get(2, TimeUnit.SECONDS))
                .containsExactly("pong from b");

        b.close();
        eventually(() -> assertThat(a.serverCount().join()).isEqualTo(1));
        assertThat(a.serverSideEmitWithAck(List.of("ping")).get(2, TimeUnit.SECONDS)).isEmpty();
        a.close();
    }

    @Test
    void aSilentNodeIsDroppedAndNoLongerAwaited() throws Exception {
        Node a = new Node("a");
        // a node that announces itself, then never speaks again
        broadcastBytes(new ClusterMessage("ghost", "/", ClusterMessage.INITIAL_HEARTBEAT, null).encode());
        eventually(() -> assertThat(a.nodes()).containsExactly("ghost"));
        CompletableFuture<List<Object>> answers = a.serverSideEmitWithAck(List.of("ping"));
        assertThat(answers.get(2, TimeUnit.SECONDS)).isEmpty(); // completed when the ghost timed out
        assertThat(a.nodes()).isEmpty();
        // emitters publish but are not nodes; other namespaces are not this one's nodes
        broadcastBytes(new ClusterMessage(ClusterAdapterWithHeartbeat.EMITTER_UID, "/", ClusterMessage.BROADCAST,
                Map.of("packet", Map.of("type", 2, "data", List.of("e")), "opts", Map.of())).encode());
        broadcastBytes(new ClusterMessage("other", "/chat", ClusterMessage.HEARTBEAT, null).encode());
        Thread.sleep(100);
        assertThat(a.nodes()).isEmpty();
        a.close();
    }
}
