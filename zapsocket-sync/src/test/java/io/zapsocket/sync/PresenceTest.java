package io.zapsocket.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zapsocket.client.ClientSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Presence on one node with the in-memory store. */
class PresenceTest {
    private Node node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void oneEntryPerKeyWithAMetaPerSocketAndDiffsForSubscribers() throws Exception {
        node = new Node(SyncStores.inMemory(), SyncOptions.defaults());
        ClientSocket watcher = node.connect("watcher");
        List<Map<String, Object>> diffs = new CopyOnWriteArrayList<>();
        watcher.on("presence:diff", (args, ack) -> diffs.add(args.getMap(0)));
        Map<String, Object> state = Node.call(watcher, "presence:subscribe", Map.of("room", "lobby"));
        assertThat(state).containsEntry("room", "lobby").containsEntry("state", Map.of());

        ClientSocket tab1 = node.connect("ann");
        ClientSocket tab2 = node.connect("ann");
        ClientSocket bob = node.connect("bob");
        assertThat(Node.call(tab1, "presence:track", Map.of("room", "lobby", "meta", Map.of("tab", 1))))
                .containsEntry("ok", true).containsEntry("key", "ann");
        Node.call(tab2, "presence:track", Map.of("room", "lobby", "meta", Map.of("tab", 2)));
        Node.call(bob, "presence:track", Map.of("room", "lobby"));

        List<PresenceEntry> list = node.sync.presence("lobby").get(5, TimeUnit.SECONDS);
        assertThat(list).extracting(PresenceEntry::key).containsExactly("ann", "bob");
        assertThat(list.get(0).metas()).extracting(m -> m.meta().get("tab")).containsExactlyInAnyOrder(1, 2);
        Map<String, Object> listed = Node.call(bob, "presence:list", Map.of("room", "lobby"));
        assertThat(new ArrayList<Object>(((Map<?, ?>) listed.get("state")).keySet())).containsExactly("ann", "bob");

        await().atMost(Duration.ofSeconds(5)).until(() -> diffs.size() == 3);
        assertThat(diffs.get(0)).containsEntry("version", 1);
        assertThat(((Map<?, ?>) diffs.get(0).get("joins")).containsKey("ann")).isTrue();

        tab1.disconnect(); // ann still has a tab: still present
        await().atMost(Duration.ofSeconds(5)).until(() -> diffs.size() == 4);
        assertThat(((Map<?, ?>) diffs.get(3).get("leaves")).containsKey("ann")).isTrue();
        assertThat(node.sync.presence("lobby").get(5, TimeUnit.SECONDS)).extracting(PresenceEntry::key)
                .containsExactly("ann", "bob");
        assertThat(Node.call(tab2, "presence:untrack", Map.of("room", "lobby"))).containsEntry("ok", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.sync.presence("lobby").get().size() == 1);
        assertThat(node.sync.presence("lobby").get()).extracting(PresenceEntry::key).containsExactly("bob");

        assertThat(Node.call(watcher, "presence:unsubscribe", Map.of("room", "lobby"))).containsEntry("ok", true);
        Node.call(bob, "presence:untrack", Map.of("room", "lobby"));
        Thread.sleep(200);
        assertThat(diffs).hasSize(6 - 1); // the last leave came after unsubscribing
    }

    @Test
    void badPresenceRequestsGetTheirDocumentedErrors() throws Exception {
        node = new Node(SyncStores.inMemory(), SyncOptions.builder().maxMetaBytes(50)
                .authorizer((socket, action, room) -> !(room.equals("staff")
                        && !"boss".equals(socket.data().get("userId")))).build());
        ClientSocket ann = node.connect("ann");
        assertThat(Node.errorCode(Node.call(ann, "presence:track", Map.of("room", "lobby",
                "meta", Map.of("bio", "x".repeat(100)))))).isEqualTo("too_large");
        assertThat(Node.errorCode(Node.call(ann, "presence:track", Map.of("room", "lobby", "meta", "str"))))
                .isEqualTo("bad_request");
        assertThat(Node.errorCode(Node.call(ann, "presence:track", Map.of("room", "staff")))).isEqualTo("forbidden");
        assertThat(Node.errorCode(Node.call(ann, "presence:subscribe", Map.of("room", "staff"))))
                .isEqualTo("forbidden");
        assertThat(Node.errorCode(Node.call(ann, "presence:list", Map.of("room", "")))).isEqualTo("bad_request");
        ClientSocket boss = node.connect("boss");
        assertThat(Node.call(boss, "presence:track", Map.of("room", "staff"))).containsEntry("ok", true);
        assertThat(node.sync.presence("lobby").get()).isEmpty();
    }

    @Test
    void theJavaClientsPresenceViewFollowsStateAndDiffsAcrossAReconnect() throws Exception {
        node = new Node(SyncStores.inMemory(), SyncOptions.defaults());
        ClientSocket watcher = node.connect("watcher");
        List<List<PresenceEntry>> seen = new CopyOnWriteArrayList<>();
        io.zapsocket.sync.client.PresenceView view = io.zapsocket.sync.client.PresenceView.follow(watcher, "lobby",
                seen::add);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
        ClientSocket tab1 = node.connect("ann");
        ClientSocket tab2 = node.connect("ann");
        Node.call(tab1, "presence:track", Map.of("room", "lobby", "meta", Map.of("tab", 1)));
        Node.call(tab2, "presence:track", Map.of("room", "lobby", "meta", Map.of("tab", 2)));
        await().atMost(Duration.ofSeconds(5)).until(() -> view.members().size() == 1
                && view.members().get(0).metas().size() == 2);
        watcher.disconnect();
        tab1.disconnect(); // while the view is away
        ClientSocket bob = node.connect("bob");
        Node.call(bob, "presence:track", Map.of("room", "lobby"));
        watcher.connect(); // resubscribes: the new state
        await().atMost(Duration.ofSeconds(5)).until(() -> view.members().size() == 2);
        assertThat(view.members()).extracting(PresenceEntry::key).containsExactly("ann", "bob");
        assertThat(view.members().get(0).metas()).extracting(m -> m.meta().get("tab")).containsExactly(2);
        tab2.disconnect(); // ann's last tab: ann leaves
        await().atMost(Duration.ofSeconds(5)).until(() -> view.members().size() == 1);
        assertThat(view.members()).extracting(PresenceEntry::key).containsExactly("bob");
        view.close();
    }
}
