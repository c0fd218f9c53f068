package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.json.Json;
import io.zapsocket.server.RecoveryOptions;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionStateRecoveryTest {
    private final LinkedBlockingQueue<ServerSocket> connected = new LinkedBlockingQueue<>();
    private final List<FakeEngineSession> sessions = new CopyOnWriteArrayList<>();
    private DefaultSocketServer server = newServer(RecoveryOptions.DEFAULT);

    private DefaultSocketServer newServer(RecoveryOptions recovery) {
        DefaultSocketServer s = new DefaultSocketServer(ServerOptions.builder()
                .connectionStateRecovery(recovery).build());
        s.onConnection(connected::add);
        return s;
    }

    @AfterEach
    void tearDown() {
        server.close().join();
        sessions.forEach(FakeEngineSession::shutdownLoop);
    }

    private FakeEngineSession open() {
        FakeEngineSession s = FakeEngineSession.open(server);
        sessions.add(s);
        return s;
    }

    private ServerSocket nextSocket() throws InterruptedException {
        ServerSocket s = connected.poll(5, TimeUnit.SECONDS);
        assertThat(s).isNotNull();
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> connectPayload(String packet) {
        return (Map<String, Object>) Json.parse(packet.substring(1));
    }

    @SuppressWarnings("unchecked")
    private static String offsetOf(String eventPacket) {
        List<Object> args = (List<Object>) Json.parse(eventPacket.substring(1));
        return (String) args.get(args.size() - 1);
    }

    @Test
    void recoversIdRoomsDataAndMissedPacketsBeforeTheConnectReply() throws Exception {
        FakeEngineSession first = open();
        first.receive("0");
        Map<String, Object> hello = connectPayload(first.nextStartingWith("0{\"sid\":"));
        assertThat(hello).containsOnlyKeys("sid", "pid");
        ServerSocket socket = nextSocket();
        socket.join("news");
        socket.data().put("user", "ann");

        server.to("news").emit("news", 1);
        String seen = first.next();
        assertThat(seen).startsWith("2[\"news\",1,\"");
        String offset = offsetOf(seen);
        first.drop("transport close");

        server.to("news").emit("news", 2);
        server.emit("all", 3);
        server.to("elsewhere").emit("not-for-you");
        server.to("news").asVolatile().emit("volatile-not-stored");
        server.to("news").except("news").emit("excluded");

        FakeEngineSession second = open();
        second.receive("0{\"pid\":\"" + hello.get("pid") + "\",\"offset\":\"" + offset + "\"}");

        assertThat(second.next()).startsWith("2[\"news\",2,\"");
        assertThat(second.next()).startsWith("2[\"all\",3,\"");
        Map<String, Object> reply = connectPayload(second.nextStartingWith("0{"));
        assertThat(reply).containsEntry("sid", hello.get("sid")).containsEntry("pid", hello.get("pid"));
        ServerSocket recovered = nextSocket();
        assertThat(recovered.recovered()).isTrue();
        assertThat(recovered.id()).isEqualTo(socket.id());
        assertThat(recovered.rooms()).contains("news");
        assertThat(recovered.data()).containsEntry("user", "ann");
    }

    @Test
    void plainEmitsAreStoredWithAnOffset() throws Exception {
        FakeEngineSession client = open();
        client.receive("0");
        client.nextStartingWith("0{");
        ServerSocket socket = nextSocket();

        socket.emit("direct", "x");

        assertThat(client.next()).matches("2\\[\"direct\",\"x\",\"[a-z0-9]+\"]");
    }

    @Test
    void aSessionIsRecoveredOnlyOnce() throws Exception {
        FakeEngineSession first = open();
        first.receive("0");
        Map<String, Object> hello = connectPayload(first.nextStartingWith("0{"));
        ServerSocket socket = nextSocket();
        socket.emit("e");
        String offset = offsetOf(first.next());
        first.drop("ping timeout");

        String resume = "0{\"pid\":\"" + hello.get("pid") + "\",\"offset\":\"" + offset + "\"}";
        FakeEngineSession second = open();
        second.receive(resume);
        assertThat(connectPayload(second.nextStartingWith("0{"))).containsEntry("sid", hello.get("sid"));
        assertThat(nextSocket().recovered()).isTrue();

        FakeEngineSession third = open();
        third.receive(resume);
        assertThat(connectPayload(third.nextStartingWith("0{"))).doesNotContainEntry("sid", hello.get("sid"));
        assertThat(nextSocket().recovered()).isFalse();
    }

    @Test
    void unknownPidOrOffsetGivesANewSession() throws Exception {
        FakeEngineSession client = open();

        client.receive("0{\"pid\":\"nope\",\"offset\":\"nope\",\"token\":\"t\"}");

        connectPayload(client.nextStartingWith("0{"));
        ServerSocket socket = nextSocket();
        assertThat(socket.recovered()).isFalse();
        assertThat(socket.handshake().auth()).containsEntry("token", "t");
    }

    @Test
    void clientNamespaceDisconnectIsNotRecoverable() throws Exception {
        FakeEngineSession first = open();
        first.receive("0");
        Map<String, Object> hello = connectPayload(first.nextStartingWith("0{"));
        ServerSocket socket = nextSocket();
        socket.emit("e");
        String offset = offsetOf(first.next());
        first.receive("1");

        FakeEngineSession second = open();
        second.receive("0{\"pid\":\"" + hello.get("pid") + "\",\"offset\":\"" + offset + "\"}");

        assertThat(connectPayload(second.nextStartingWith("0{"))).doesNotContainEntry("sid", hello.get("sid"));
    }

    @Test
    void expiredSessionsAreNotRecovered() throws Exception {
        server.close().join();
        server = newServer(RecoveryOptions.builder().maxDisconnectionDuration(Duration.ofMillis(30)).build());
        FakeEngineSession first = open();
        first.receive("0");
        Map<String, Object> hello = connectPayload(first.nextStartingWith("0{"));
        nextSocket().emit("e");
        String offset = offsetOf(first.next());
        first.drop("transport close");
        Thread.sleep(60); // the duration under test

        FakeEngineSession second = open();
        second.receive("0{\"pid\":\"" + hello.get("pid") + "\",\"offset\":\"" + offset + "\"}");

        assertThat(connectPayload(second.nextStartingWith("0{"))).doesNotContainEntry("sid", hello.get("sid"));
    }

    @Test
    void middlewaresRunForRecoveredSocketsWhenNotSkipped() throws Exception {
        server.close().join();
        server = newServer(RecoveryOptions.builder().skipMiddlewares(false).build());
        List<String> ran = new CopyOnWriteArrayList<>();
        server.use((s, next) -> {
            ran.add(s.id());
            next.proceed();
        });
        FakeEngineSession first = open();
        first.receive("0");
        Map<String, Object> hello = connectPayload(first.nextStartingWith("0{"));
        nextSocket().emit("e");
        String offset = offsetOf(first.next());
        first.drop("transport close");

        FakeEngineSession second = open();
        second.receive("0{\"pid\":\"" + hello.get("pid") + "\",\"offset\":\"" + offset + "\"}");
        second.nextStartingWith("0{");

        assertThat(ran).hasSize(2).allMatch(id -> id.equals(hello.get("sid")));
    }
}
