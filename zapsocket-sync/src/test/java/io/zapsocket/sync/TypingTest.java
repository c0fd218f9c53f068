package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zapsocket.client.ClientSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The typing helper: volatile {@code typing} events to presence subscribers, throttled, expiring. */
class TypingTest {
    private Node node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void typingIsThrottledExpiresAndStopsOnDisconnect() throws Exception {
        node = new Node(SyncStores.inMemory(), SyncOptions.builder().typingTimeout(Duration.ofMillis(800))
                .typingThrottle(Duration.ofMillis(1500)).authorizer((s, action, room) -> !room.equals("secret"))
                .build());
        ClientSocket watcher = node.connect("watcher");
        List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
        watcher.on("typing", (args, ack) -> events.add(args.getMap(0)));
        Node.call(watcher, "presence:subscribe", Map.of("room", "lobby"));

        ClientSocket ann = node.connect("ann");
        for (int i = 0; i < 5; i++) { // a burst: one event
            assertThat(Node.call(ann, "typing:start", Map.of("room", "lobby"))).containsEntry("ok", true);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> events.size() >= 1);
        Thread.sleep(100);
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsEntry("room", "lobby").containsEntry("key", "ann")
                .containsEntry("typing", true);
        // no refresh: it expires by itself
        await().atMost(Duration.ofSeconds(3)).until(() -> events.size() == 2);
        assertThat(events.get(1)).containsEntry("key", "ann").containsEntry("typing", false);

        Node.call(ann, "typing:start", Map.of("room", "lobby"));
        Node.call(ann, "typing:stop", Map.of("room", "lobby"));
        await().atMost(Duration.ofSeconds(2)).until(() -> events.size() == 4);
        assertThat(events.get(3)).containsEntry("typing", false);

        ClientSocket bob = node.connect("bob");
        Node.call(bob, "typing:start", Map.of("room", "lobby"));
        await().atMost(Duration.ofSeconds(2)).until(() -> events.size() == 5);
        bob.disconnect();
        await().atMost(Duration.ofSeconds(2)).until(() -> events.size() == 6);
        assertThat(events.get(5)).containsEntry("key", "bob").containsEntry("typing", false);

        assertThat(Node.errorCode(Node.call(ann, "typing:start", Map.of()))).isEqualTo("bad_request");
        assertThat(Node.errorCode(Node.call(ann, "typing:start", Map.of("room", "secret")))).isEqualTo("forbidden");
        assertThat(Node.errorCode(Node.call(ann, "typing:start", Map.of("room", "r".repeat(201)))))
                .isEqualTo("limit_exceeded");
    }
}
