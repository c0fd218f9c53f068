package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What every Redis-backed cluster must do: every operation is started from every node in turn, with official JS
 * clients on every node.
 */
abstract class ClusterContract extends ClusterFixture {

    @Test
    void everyNodeCountsTheWholeCluster() {
        for (ClusterNodeProcess node : nodes) {
            Client c = connect(node, "counter");
            assertThat(c.request("server-count").get(0).asInt()).as("serverCount() on %s", node)
                    .isEqualTo(nodes.size());
        }
    }

    @Test
    void roomBroadcastReachesClientsOnEveryNodeExactlyOnce() {
        List<Client> in = new ArrayList<>();
        List<Client> out = new ArrayList<>();
        for (ClusterNodeProcess node : nodes) {
            in.add(connect(node, "in-" + node.name, "r"));
            out.add(connect(node, "out-" + node.name));
        }
        for (int s = 0; s < nodes.size(); s++) {
            Client sender = out.get(s); // not in the room itself
            for (int k = 0; k < 3; k++) {
                sender.request("to-room", "r", "msg", s, k, JsBinary.bin(new byte[] {(byte) s, (byte) k}));
            }
            sender.request("broadcast", "end", s);
        }
        List<Client> all = new ArrayList<>(in);
        all.addAll(out);
        for (Client c : all) {
            for (int s = 0; s < nodes.size(); s++) {
                c.driver().awaitMessage("end"); // each sender's end follows its messages
            }
        }
        for (Client c : in) {
            Map<Integer, List<Integer>> bySender = new HashMap<>();
            for (int i = 0; i < nodes.size() * 3; i++) {
                DriverEvent e = c.driver().awaitMessage("msg");
                int s = e.arg(0).asInt();
                int k = e.arg(1).asInt();
                assertThat(JsBinary.bytes(e.arg(2))).as("binary argument").containsExactly(s, k);
                bySender.computeIfAbsent(s, x -> new ArrayList<>()).add(k);
            }
            c.driver().assertNoMessage("msg");
            for (int s = 0; s < nodes.size(); s++) {
                assertThat(bySender.get(s)).as("%s from sender on %s", c.user(), nodes.get(s))
                        .containsExactly(0, 1, 2);
            }
        }
        for (Client c : out) {
            c.driver().assertNoMessage("msg");
        }
    }

    @Test
    void fetchSocketsFromAnyNodeSeesTheSocketsOfEveryNode() {
        Map<String, Client> byId = new HashMap<>();
        for (ClusterNodeProcess node : nodes) {
            Client c = connect(node, "f-" + node.name, "fr");
            byId.put(c.id(), c);
        }
        connect(nodes.get(0), "bystander");
        for (Client asker : byId.values()) {
            JsonNode sockets = asker.request("fetch", "fr").get(0);
            assertThat(ids(sockets)).as("fetch from %s", asker.node()).isEqualTo(new TreeSet<>(byId.keySet()));
            for (JsonNode s : sockets) {
                Client c = byId.get(s.path("id").asText());
                assertThat(s.path("data").path("user").asText()).isEqualTo(c.user());
                List<String> rooms = new ArrayList<>();
                s.path("rooms").forEach(r -> rooms.add(r.asText()));
                assertThat(rooms).containsExactlyInAnyOrder(c.id(), "fr");
                assertThat(s.path("address").asText()).contains("127.0.0.1");
            }
        }
    }

    @Test
    void socketsJoinLeaveAndDisconnectReachEveryNode() {
        List<Client> members = new ArrayList<>();
        for (ClusterNodeProcess node : nodes) {
            members.add(connect(node, "j-" + node.name, "j"));
        }
        Client bystander = connect(nodes.get(nodes.size() - 1), "bystander");
        Set<String> memberIds = new TreeSet<>();
        members.forEach(m -> memberIds.add(m.id()));

        members.get(0).request("sockets-join", "j", "j2");
        fetchUntil(bystander, "j2", s -> ids(s).equals(memberIds));
        members.get(members.size() - 1).request("sockets-leave", "j", "j2");
        fetchUntil(members.get(0), "j2", s -> s.size() == 0);

        bystander.request("disconnect-room", "j", false);
        for (Client m : members) {
            assertThat(m.driver().awaitEvent("disconnect").text("reason")).isEqualTo("io server disconnect");
        }
        assertThat(bystander.driver().state().path("connected").asBoolean()).isTrue();
        bystander.driver().assertNoEvent("disconnect");
    }

    @Test
    void serverSideEmitReachesEveryOtherNodeAndCollectsTheirAcks() {
        List<Client> clients = new ArrayList<>();
        for (ClusterNodeProcess node : nodes) {
            clients.add(connect(node, "s-" + node.name));
        }
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode r = clients.get(i).request("sse-ack", "whoami").get(0);
            assertThat(r.path("ok").asBoolean()).as("%s", r).isTrue();
            List<String> names = new ArrayList<>();
            r.path("responses").forEach(n -> names.add(n.asText()));
            List<String> others = new ArrayList<>();
            for (ClusterNodeProcess n : nodes) {
                if (n != nodes.get(i)) {
                    others.add(n.name);
                }
            }
            assertThat(names).as("answers to a serverSideEmit from %s", nodes.get(i)).containsExactlyInAnyOrderElementsOf(others);
        }
        for (int i = 0; i < nodes.size(); i++) {
            clients.get(i).request("sse", "note", Map.of("from", i));
            for (int j = 0; j < nodes.size(); j++) {
                if (j != i) {
                    DriverEvent note = clients.get(j).driver().awaitMessage("note");
                    assertThat(note.arg(0).asText()).isEqualTo(nodes.get(j).name);
                    assertThat(note.arg(1).path("from").asInt()).isEqualTo(i);
                }
            }
        }
    }

    @Test
    void broadcastWithAckCollectsTheAcksOfClientsOnEveryNode() {
        Set<String> users = new TreeSet<>();
        List<Client> clients = new ArrayList<>();
        for (ClusterNodeProcess node : nodes) {
            Client c = connect(node, "a-" + node.name, "acks");
            users.add(c.user());
            clients.add(c);
        }
        for (Client asker : clients) {
            JsonNode r = asker.request("broadcast-ack", "acks", "ask", "q").get(0);
            assertThat(r.path("ok").asBoolean()).as("%s", r).isTrue();
            Set<String> answers = new TreeSet<>();
            r.path("responses").forEach(n -> answers.add(n.asText()));
            assertThat(answers).as("acks collected by %s", asker.node()).isEqualTo(users);
        }
    }
}
