package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.sio.SioMsgpackCodec;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.protocol.sio.SioPacketType;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ServerOptions.parser(Parser.MSGPACK)}: every packet in and out is one binary message in the format of
 * {@code socket.io-msgpack-parser}; bad input closes the offending connection only, as with the default parser.
 */
class MsgpackParserTest {
    private final DefaultSocketServer server =
            new DefaultSocketServer(ServerOptions.builder().parser(Parser.MSGPACK).build());
    private final List<FakeEngineSession> sessions = new ArrayList<>();
    private FakeEngineSession bystander;
    private final CompletableFuture<ServerSocket> admin = new CompletableFuture<>();

    @BeforeEach
    void setUp() {
        server.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args.toArray())));
        server.of("/admin").onConnection(s -> {
            admin.complete(s);
            s.emit("welcome", "admin", new byte[] {7});
        });
        bystander = connect("/");
    }

    @AfterEach
    void tearDown() {
        bystander.receiveBinary(SioMsgpackCodec.encode(SioPacket.event("/", 9, List.of("echo", "still here"))));
        assertThat(nextPacket(bystander)).isEqualTo(SioPacket.ack("/", 9, List.of("still here")));
        server.close().join();
        sessions.forEach(FakeEngineSession::shutdownLoop);
    }

    private FakeEngineSession connect(String nsp) {
        FakeEngineSession s = FakeEngineSession.open(server);
        sessions.add(s);
        s.receiveBinary(SioMsgpackCodec.encode(SioPacket.connect(nsp, null)));
        SioPacket reply = nextPacket(s);
        assertThat(reply.type()).isEqualTo(SioPacketType.CONNECT);
        assertThat(reply.dataAsMap()).containsKey("sid");
        return s;
    }

    private static SioPacket nextPacket(FakeEngineSession s) {
        String wire = s.nextStartingWith("bin:");
        return SioMsgpackCodec.decode(HexFormat.of().parseHex(wire.substring(4)));
    }

    @Test
    void eventWithAckAndInlineBinaryIsAnsweredInMsgpack() {
        FakeEngineSession client = connect("/");
        client.receiveBinary(SioMsgpackCodec.encode(
                SioPacket.event("/", 456, List.of("echo", 1, "2", Map.of("3", List.of(false)), new byte[] {1, 2}))));

        SioPacket ack = nextPacket(client);

        assertThat(ack.type()).isEqualTo(SioPacketType.ACK);
        assertThat(ack.id()).isEqualTo(456);
        assertThat(ack.args().subList(0, 3)).containsExactly(1, "2", Map.of("3", List.of(false)));
        assertThat((byte[]) ack.args().get(3)).containsExactly(1, 2);
    }

    @Test
    void namespaceConnectEmitAndServerAckedEmit() throws Exception {
        FakeEngineSession client = connect("/admin");
        SioPacket welcome = nextPacket(client);
        assertThat(welcome.nsp()).isEqualTo("/admin");
        assertThat(welcome.eventName()).isEqualTo("welcome");
        assertThat((byte[]) welcome.args().get(2)).containsExactly(7);

        CompletableFuture<Args> answer = new CompletableFuture<>();
        admin.get(5, TimeUnit.SECONDS).emitWithAck("ask", "q").whenComplete((a, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            } else {
                answer.complete(a);
            }
        });
        SioPacket ask = nextPacket(client);
        assertThat(ask.hasId()).isTrue();
        client.receiveBinary(SioMsgpackCodec.encode(SioPacket.ack("/admin", ask.id(), List.of("a", new byte[] {3}))));
        Args args = answer.get(5, TimeUnit.SECONDS);
        assertThat(args.get(0)).isEqualTo("a");
    }

    @Test
    void broadcastIsEncodedInMsgpack() {
        FakeEngineSession client = connect("/");
        nextPacketsUntilQuiet(bystander);
        server.emit("news", "x");
        assertThat(nextPacket(client)).isEqualTo(SioPacket.event("/", List.of("news", "x")));
        assertThat(nextPacket(bystander)).isEqualTo(SioPacket.event("/", List.of("news", "x")));
    }

    private static void nextPacketsUntilQuiet(FakeEngineSession s) {
        s.assertNothingSent(50);
    }

    @Test
    void unknownNamespaceIsAConnectErrorInMsgpack() {
        FakeEngineSession s = FakeEngineSession.open(server);
        sessions.add(s);
        s.receiveBinary(SioMsgpackCodec.encode(SioPacket.connect("/nope", null)));
        SioPacket err = nextPacket(s);
        assertThat(err.type()).isEqualTo(SioPacketType.CONNECT_ERROR);
        assertThat(err.dataAsMap()).containsEntry("message", "Invalid namespace");
    }

    @Test
    void textMessageClosesTheConnection() {
        FakeEngineSession client = connect("/");
        client.receive("2[\"echo\",1]");
        assertThat(client.next()).isEqualTo("CLOSE");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                                       // empty
        "c1",                                                     // never-used format byte
        "82a474797065",                                           // truncated
        "9100",                                                   // not a map
        "82a47479706505a36e7370a12f",                             // type 5: no binary types in this format
        "81a47479706500",                                         // no nsp
        "83a47479706502a46461746180a36e7370a12f",                 // EVENT data not an array
        "83a47479706502a46461746191a7636f6e6e656374a36e7370a12f", // reserved event name
        "84a47479706502a46461746191a165a36e7370a12fa26964ff",     // negative ack id
        "83a47479706501a464617461a178a36e7370a12f",               // DISCONNECT with data
        "91c67fffffff",                                           // bin length beyond the message
    })
    void malformedPacketClosesTheConnection(String hex) {
        FakeEngineSession client = connect("/");
        client.receiveBinary(HexFormat.of().parseHex(hex));
        assertThat(client.next()).isEqualTo("CLOSE");
    }
}
