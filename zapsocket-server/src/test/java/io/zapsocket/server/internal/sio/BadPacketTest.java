package io.zapsocket.server.internal.sio;

import io.zapsocket.server.ServerOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed Socket.IO input closes the offending connection (as socket.io does) and nothing else: a well-behaved
 * client connected at the same time keeps being served.
 */
class BadPacketTest {
    private final DefaultSocketServer server = new DefaultSocketServer(ServerOptions.builder().maxAttachments(3).build());
    private final List<FakeEngineSession> sessions = new ArrayList<>();
    private FakeEngineSession bystander;

    @BeforeEach
    void setUp() {
        server.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args.toArray())));
        bystander = connect();
    }

    @AfterEach
    void tearDown() {
        bystander.receive("21[\"echo\",\"still here\"]");
        assertThat(bystander.next()).isEqualTo("31[\"still here\"]");
        server.close().join();
        sessions.forEach(FakeEngineSession::shutdownLoop);
    }

    private FakeEngineSession connect() {
        FakeEngineSession s = FakeEngineSession.open(server);
        sessions.add(s);
        s.receive("0");
        s.nextStartingWith("0{\"sid\":");
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "abc",                       // unknown packet type
        "2{}",                       // EVENT payload not an array
        "2abc[\"x\"]",               // garbage where the ack id / JSON should be
        "2[]",                       // EVENT without a name
        "2[\"disconnect\"]",         // reserved event name
        "2[{}]",                     // event name neither string nor number
        "3",                         // ACK without payload
        "9",                         // unknown type digit
        "2[\"x\"",                   // truncated JSON
        "1{\"a\":1}",                // DISCONNECT with a payload
        "0[1]",                      // CONNECT payload not an object
        "5x-[\"x\"]",                // binary header without a count
        "54-[\"x\",{\"_placeholder\":true,\"num\":0}]", // more attachments than maxAttachments (3)
    })
    void malformedPacketClosesTheConnection(String packet) {
        FakeEngineSession client = connect();

        client.receive(packet);

        assertThat(client.next()).isEqualTo("CLOSE");
    }

    @Test
    void placeholderIndexOutOfRangeClosesTheConnection() {
        FakeEngineSession client = connect();

        client.receive("51-[\"x\",{\"_placeholder\":true,\"num\":5}]");
        client.receiveBinary(new byte[] {1});

        assertThat(client.next()).isEqualTo("CLOSE");
    }

    @Test
    void textWhileAttachmentsArePendingClosesTheConnection() {
        FakeEngineSession client = connect();

        client.receive("52-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        client.receiveBinary(new byte[] {1});
        client.receive("2[\"y\"]");

        assertThat(client.next()).isEqualTo("CLOSE");
    }

    @Test
    void binaryWithoutAHeaderClosesTheConnection() {
        FakeEngineSession client = connect();

        client.receiveBinary(new byte[] {1, 2, 3});

        assertThat(client.next()).isEqualTo("CLOSE");
    }

    @Test
    void ackForAnUnknownIdIsIgnored() {
        FakeEngineSession client = connect();

        client.receive("3999[\"late\"]");
        client.receive("21[\"echo\",1]");

        assertThat(client.next()).isEqualTo("31[1]");
    }

    @Test
    void eventWithoutHandlerIsIgnored() {
        FakeEngineSession client = connect();

        client.receive("2[\"nobody-listens\",1]");
        client.receive("22[\"echo\",2]");

        assertThat(client.next()).isEqualTo("32[2]");
    }
}
