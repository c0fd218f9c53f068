package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.ConnectionClosedException;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.ProtocolException;
import io.zapsocket.protocol.sio.SioMsgpackCodec;
import io.zapsocket.protocol.sio.SioPacket;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ClientOptions.parser(Parser.MSGPACK)} over polling against a fake server: every packet is one binary message
 * ({@code b<base64>} in a polling payload); malformed or text input closes the connection with a parse error.
 */
class MsgpackParserTest extends FakeServerSupport {

    private static String b64(SioPacket p) {
        return "b" + Base64.getEncoder().encodeToString(SioMsgpackCodec.encode(p));
    }

    private static SioPacket decode(String body) {
        assertThat(body).startsWith("b");
        return SioMsgpackCodec.decode(Base64.getDecoder().decode(body.substring(1)));
    }

    private FakeServer.Exchange connect(ClientSocket s) throws InterruptedException {
        events.record(s);
        s.connect();
        handshake();
        FakeServer.Exchange connect = fake.nextPost();
        assertThat(decode(connect.body)).isEqualTo(SioPacket.connect("/", null));
        connect.ok();
        fake.nextGet().respond(b64(SioPacket.connect("/", Map.of("sid", "abc"))));
        assertThat(events.await("connect")).isEqualTo("abc");
        return fake.nextGet();
    }

    @Test
    void emitWithAckAndServerEventInMsgpack() throws Exception {
        DefaultSocketClient c = client(options().parser(Parser.MSGPACK).build());
        ClientSocket s = c.socket("/");
        CompletableFuture<Args> got = new CompletableFuture<>();
        s.on("news", (args, ack) -> {
            got.complete(args);
            ack.send("thanks", new byte[] {4});
        });
        FakeServer.Exchange poll = connect(s);

        CompletableFuture<Args> answer = s.emitWithAck("question", 1, new byte[] {1, 2});
        FakeServer.Exchange post = fake.nextPost();
        SioPacket q = decode(post.body);
        assertThat(q.eventName()).isEqualTo("question");
        assertThat(q.id()).isZero();
        assertThat((byte[]) q.args().get(2)).containsExactly(1, 2);
        post.ok();
        poll.respond(b64(SioPacket.ack("/", 0, List.of("yes", new byte[] {3}))));
        Args a = answer.get(5, TimeUnit.SECONDS);
        assertThat(a.get(0)).isEqualTo("yes");
        assertThat((byte[]) a.get(1)).containsExactly(3);

        fake.nextGet().respond(b64(SioPacket.event("/", 7, List.of("news", "n"))));
        assertThat(got.get(5, TimeUnit.SECONDS).get(0)).isEqualTo("n");
        FakeServer.Exchange ackPost = fake.nextPost();
        SioPacket ack = decode(ackPost.body);
        assertThat(ack.id()).isEqualTo(7);
        assertThat(ack.args().get(0)).isEqualTo("thanks");
        ackPost.ok();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a text packet            | 42[\"ev\"]                         | text message, but the client uses the msgpack parser",
        "not msgpack              | bwQ==                              | invalid Socket.IO packet",
        "a type 5                 | b" + "gqR0eXBlBaNuc3ChLw=="       + " | invalid packet type",
        "a reserved event name    | b" + "g6R0eXBlAqRkYXRhkadjb25uZWN0o25zcKEv" + " | invalid payload for EVENT",
    })
    void malformedInputClosesWithParseError(String what, String body, String message) throws Exception {
        DefaultSocketClient c = client(options().parser(Parser.MSGPACK).build());
        ClientSocket s = c.socket("/");
        FakeServer.Exchange poll = connect(s);
        CompletableFuture<?> pending = s.emitWithAck("question");
        fake.nextPost().ok();

        poll.respond(body.trim());

        assertThat(failure(pending)).isInstanceOf(ConnectionClosedException.class);
        assertThat(events.await("disconnect")).isEqualTo(DisconnectReason.PARSE_ERROR);
        assertThat(events.awaitError("error")).as(what).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message);
    }

    @Test
    void vectorsInTheTableAreWhatTheyClaim() {
        assertThat(HexFormat.of().formatHex(Base64.getDecoder().decode("gqR0eXBlBaNuc3ChLw==")))
                .isEqualTo("82a47479706505a36e7370a12f");
        assertThat(HexFormat.of().formatHex(Base64.getDecoder().decode("g6R0eXBlAqRkYXRhkadjb25uZWN0o25zcKEv")))
                .isEqualTo("83a47479706502a46461746191a7636f6e6e656374a36e7370a12f");
    }
}
