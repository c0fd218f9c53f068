package io.zapsocket.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.emitter.Emitter;
import io.zapsocket.emitter.EmitterOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Emitter compatibility both ways, on a mixed cluster (a Zap-Socket node and a Node socket.io 4.8 node with
 * {@code @socket.io/redis-adapter} on one Redis): the Java {@link Emitter} reaches the clients of both nodes, and
 * Node's official {@code @socket.io/redis-emitter} 5.1 ({@code node/emitter.js}) does the same, for every operation
 * (rooms, except, binary, socketsJoin/Leave, disconnectSockets, serverSideEmit). Both emitters run the same
 * scenarios, so each proves the other's bytes are what the adapters expect.
 */
class EmitterIT extends ClusterFixture {
    private Emitter emitter;

    @Override
    protected List<ClusterNodeProcess> startNodes(RedisServer redis) throws IOException {
        return List.of(ClusterNodeProcess.zap("zap", redis, "pubsub", false),
                ClusterNodeProcess.node("node", redis, "pubsub", false));
    }

    @BeforeAll
    void startEmitter() {
        emitter = Emitter.create(EmitterOptions.builder(redis.uri()).build());
    }

    @AfterAll
    void closeEmitter() {
        if (emitter != null) {
            emitter.close();
        }
    }

    /** One emitter operation, run by the Java emitter or by Node's. */
    record Op(String nsp, String op, List<String> to, List<String> except, boolean isVolatile, List<Object> args) {
        Op(String op, List<String> to, List<String> except, boolean isVolatile, List<Object> args) {
            this("/", op, to, except, isVolatile, args);
        }

        static Op emit(List<String> to, List<String> except, Object... args) {
            return new Op("emit", to, except, false, List.of(args));
        }
    }

    interface Runner {
        void run(List<Op> ops) throws Exception;
    }

    private void runJava(List<Op> ops) {
        for (Op op : ops) {
            Emitter nsp = emitter.of(op.nsp());
            var target = nsp.to(op.to()).except(op.except());
            Object[] args = op.args().toArray();
            long servers = switch (op.op()) {
                case "emit" -> (op.isVolatile() ? target.asVolatile() : target)
                        .emit((String) args[0], java.util.Arrays.copyOfRange(args, 1, args.length)).join();
                case "socketsJoin" -> target.socketsJoin(strings(args)).join();
                case "socketsLeave" -> target.socketsLeave(strings(args)).join();
                case "disconnectSockets" -> target.disconnectSockets((Boolean) args[0]).join();
                case "serverSideEmit" -> nsp.serverSideEmit((String) args[0],
                        java.util.Arrays.copyOfRange(args, 1, args.length)).join();
                default -> throw new IllegalArgumentException(op.op());
            };
            assertThat(servers).as("servers subscribed to %s", op).isGreaterThanOrEqualTo(1);
        }
    }

    private void runNode(List<Op> ops) throws Exception {
        List<Map<String, Object>> json = new ArrayList<>();
        for (Op op : ops) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nsp", op.nsp());
            m.put("op", op.op());
            m.put("to", op.to());
            m.put("except", op.except());
            m.put("volatile", op.isVolatile());
            List<Object> args = new ArrayList<>();
            for (Object a : op.args()) {
                args.add(a instanceof byte[] b ? Map.of("$bin", Base64.getEncoder().encodeToString(b)) : a);
            }
            m.put("args", args);
            json.add(m);
        }
        Process p = NodeProcesses.start("emitter.js", "[node-emitter]",
                List.of(redis.uri(), Json.MAPPER.writeValueAsString(json)));
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("done");
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    private static String[] strings(Object[] args) {
        String[] s = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            s[i] = (String) args[i];
        }
        return s;
    }

    @Test
    void javaEmitterBroadcastsReachBothNodes() throws Exception {
        broadcastsReachBothNodes(this::runJava, "java");
    }

    @Test
    void nodeEmitterBroadcastsReachBothNodes() throws Exception {
        broadcastsReachBothNodes(this::runNode, "node");
    }

    @Test
    void javaEmitterMovesAndDisconnectsSocketsOnBothNodes() throws Exception {
        membershipOnBothNodes(this::runJava, "java");
    }

    @Test
    void nodeEmitterMovesAndDisconnectsSocketsOnBothNodes() throws Exception {
        membershipOnBothNodes(this::runNode, "node");
    }

    @Test
    void javaEmitterServerSideEmitReachesEveryNode() throws Exception {
        serverSideEmitReachesEveryNode(this::runJava, "java");
    }

    @Test
    void nodeEmitterServerSideEmitReachesEveryNode() throws Exception {
        serverSideEmitReachesEveryNode(this::runNode, "node");
    }

    @Test
    void javaEmitterReachesAnotherNamespaceOnly() throws Exception {
        namespaceOnBothNodes(this::runJava, "java");
    }

    @Test
    void nodeEmitterReachesAnotherNamespaceOnly() throws Exception {
        namespaceOnBothNodes(this::runNode, "node");
    }

    private void namespaceOnBothNodes(Runner runner, String tag) throws Exception {
        String room = tag + "-n";
        List<Client> news = new ArrayList<>();
        List<Client> root = new ArrayList<>();
        for (ClusterNodeProcess node : nodes) {
            news.add(connect(node.url() + "/news", ClientSpec.client(tag + "-news-" + node.name, node.url() + "/news")
                    .transports("websocket"), tag + "-news-" + node.name, room));
            root.add(connect(node, tag + "-root-" + node.name, room));
        }
        runner.run(List.of(new Op("/news", "emit", List.of(room), List.of(), false,
                List.of("msg", tag, new byte[] {9})), new Op("emit", List.of(), List.of(), false, List.of("end", tag))));
        for (Client c : news) {
            DriverEvent e = c.driver().awaitMessage("msg");
            assertThat(e.arg(0).asText()).isEqualTo(tag);
            assertThat(JsBinary.bytes(e.arg(1))).containsExactly(9);
        }
        for (Client c : root) {
            c.driver().awaitMessage("end");
            c.driver().assertNoMessage("msg");
        }
    }

    private void broadcastsReachBothNodes(Runner runner, String tag) throws Exception {
        List<Client> in = new ArrayList<>();
        List<Client> muted = new ArrayList<>();
        List<Client> out = new ArrayList<>();
        for (ClusterNodeProcess node : nodes) {
            in.add(connect(node, tag + "-in-" + node.name, "r"));
            muted.add(connect(node, tag + "-muted-" + node.name, "r", "muted"));
            out.add(connect(node, tag + "-out-" + node.name));
        }
        runner.run(List.of(
                Op.emit(List.of("r"), List.of("muted"), "msg", 1, "one", new byte[] {1, 2, 3}),
                Op.emit(List.of("r", "other"), List.of("muted"), "msg", 2, Map.of("k", List.of(true, 2.5)),
                        new byte[] {4}),
                Op.emit(List.of(), List.of(), "end", tag)));

        for (Client c : in) {
            DriverEvent first = c.driver().awaitMessage("msg");
            assertThat(first.arg(0).asInt()).isEqualTo(1);
            assertThat(first.arg(1).asText()).isEqualTo("one");
            assertThat(JsBinary.bytes(first.arg(2))).containsExactly(1, 2, 3);
            DriverEvent second = c.driver().awaitMessage("msg");
            assertThat(second.arg(0).asInt()).isEqualTo(2);
            assertThat(second.arg(1).path("k").get(1).asDouble()).isEqualTo(2.5);
            assertThat(JsBinary.bytes(second.arg(2))).containsExactly(4);
        }
        List<Client> all = new ArrayList<>(in);
        all.addAll(muted);
        all.addAll(out);
        for (Client c : all) {
            assertThat(c.driver().awaitMessage("end").arg(0).asText()).isEqualTo(tag);
        }
        for (Client c : muted) {
            c.driver().assertNoMessage("msg");
        }
        for (Client c : out) {
            c.driver().assertNoMessage("msg");
        }
    }

    private void membershipOnBothNodes(Runner runner, String tag) throws Exception {
        String room = tag + "-m";
        String added = tag + "-m2";
        Set<String> memberIds = new TreeSet<>();
        List<Client> members = new ArrayList<>();
        for (ClusterNodeProcess node : nodes) {
            Client c = connect(node, tag + "-j-" + node.name, room);
            members.add(c);
            memberIds.add(c.id());
        }
        Client bystander = connect(nodes.get(0), tag + "-bystander");

        runner.run(List.of(new Op("socketsJoin", List.of(room), List.of(), false, List.of(added))));
        fetchUntil(bystander, added, s -> ids(s).equals(memberIds));
        runner.run(List.of(new Op("socketsLeave", List.of(room), List.of(), false, List.of(added))));
        fetchUntil(bystander, added, s -> s.size() == 0);
        runner.run(List.of(new Op("disconnectSockets", List.of(room), List.of(), false, List.of(false))));
        for (Client m : members) {
            assertThat(m.driver().awaitEvent("disconnect").text("reason")).isEqualTo("io server disconnect");
        }
        bystander.driver().assertNoEvent("disconnect");
    }

    private void serverSideEmitReachesEveryNode(Runner runner, String tag) throws Exception {
        List<Client> clients = new ArrayList<>();
        for (ClusterNodeProcess node : nodes) {
            clients.add(connect(node, tag + "-s-" + node.name));
        }
        runner.run(List.of(new Op("serverSideEmit", List.of(), List.of(), false,
                List.of("note", Map.of("from", tag)))));
        for (int i = 0; i < nodes.size(); i++) {
            DriverEvent note = clients.get(i).driver().awaitMessage("note", Duration.ofSeconds(10));
            assertThat(note.arg(0).asText()).isEqualTo(nodes.get(i).name);
            assertThat(note.arg(1).path("from").asText()).isEqualTo(tag);
        }
    }
}
