package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.ConnectErrorException;
import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.client.TransportException;
import io.zapsocket.protocol.ConnectionClosedException;
import io.zapsocket.protocol.ProtocolException;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * A fake server sending malformed input: the client reports {@code connect_error} / {@code error} with a clear
 * message, fails what is pending, and reconnects; nothing hangs, nothing is thrown at the application.
 */
class MalformedServerTest extends FakeServerSupport {

    /** Fires the pending reconnection timer and answers the new handshake: proof that the client reconnects. */
    private void assertReconnects() throws Exception {
        // default backoff, random 0.5: 1000 + floor(0.5 * 0.5 * 1000) (floor(0.5 * 10) = 5 is odd: added)
        ManualScheduler.Task retry = clock.nextRequest(1250);
        clock.fire(retry);
        assertThat(events.await("reconnect_attempt")).isEqualTo(1);
        handshake();
        assertThat(events.await("reconnect")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "open packet is not JSON       | 0{not json                                  | invalid handshake",
        "open packet without sid       | 0{\"pingInterval\":1,\"pingTimeout\":1}    | no sid",
        "open packet with bad interval | 0{\"sid\":\"x\",\"pingInterval\":-5,\"pingTimeout\":1} | bad pingInterval",
        "unknown packet type           | 9hello                                      | unknown packet type",
        "control characters            | \u0007garbage                                | invalid polling payload",
        "a message before the open     | 4hello                                      | expected the open packet",
    })
    void malformedHandshakeIsAConnectErrorAndTheClientReconnects(String what, String body, String message)
            throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();

        fake.nextGet().respond(body);

        Throwable err = events.awaitError("connect_error");
        assertThat(err).as(what).hasMessageContaining(message);
        assertThat(events.awaitError("error")).isSameAs(err);
        assertReconnects();
    }

    @Test
    void httpErrorOnTheHandshakeIsAConnectError() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();

        fake.nextGet().respond(400, "application/json", "{\"code\":5,\"message\":\"Unsupported protocol version\"}");

        assertThat(events.awaitError("connect_error")).isInstanceOf(TransportException.class)
                .hasMessageContaining("HTTP 400").hasMessageContaining("Unsupported protocol version");
        assertReconnects();
    }

    @Test
    void unknownSessionIdClosesTheConnectionAndTheClientReconnects() throws Exception {
        DefaultSocketClient c = client(options().build());
        FakeServer.Exchange poll = connectMain(c.socket("/"));

        poll.respond(400, "application/json", "{\"code\":1,\"message\":\"Session ID unknown\"}");

        assertThat(events.await("disconnect")).isEqualTo(DisconnectReason.TRANSPORT_ERROR);
        assertThat(events.awaitError("error")).isInstanceOf(TransportException.class)
                .hasMessageContaining("xhr poll error: HTTP 400").hasMessageContaining("Session ID unknown");
        assertThat(events.await("close")).isEqualTo(DisconnectReason.TRANSPORT_ERROR);
        assertReconnects();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown Socket.IO type      | 4garbage                 | unknown packet type",
        "invalid JSON                | 42[\"ev\",              | invalid Socket.IO packet",
        "reserved event name         | 42[\"connect\"]          | invalid payload for EVENT",
        "attachment without a header | bAQID                    | unexpected binary attachment",
        "too many attachments        | 4511-[\"e\"]             | too many attachments",
    })
    void invalidSocketIoPacketClosesWithParseErrorAndFailsPendingAcks(String what, String body, String message)
            throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        FakeServer.Exchange poll = connectMain(s);
        CompletableFuture<?> pending = s.emitWithAck("question");
        FakeServer.Exchange post = fake.nextPost();
        assertThat(post.body).isEqualTo("420[\"question\"]");
        post.ok();

        poll.respond(body);

        assertThat(failure(pending)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("parse error");
        assertThat(events.await("disconnect")).isEqualTo(DisconnectReason.PARSE_ERROR);
        assertThat(events.awaitError("error")).as(what).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message);
        assertReconnects();
    }

    @Test
    void connectReplyWithoutSidIsAConnectError() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();
        handshake();
        fake.nextPost().ok();

        fake.nextGet().respond("40{\"id\":\"no-sid-here\"}");

        assertThat(events.awaitError("connect_error")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("invalid CONNECT reply");
        assertThat(s.connected()).isFalse();
    }

    @Test
    void connectErrorWithAStringPayloadIsReportedAndTheSocketIsInactive() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();
        handshake();
        fake.nextPost().ok();

        fake.nextGet().respond("44\"go away\"");

        assertThat(events.awaitError("connect_error")).isInstanceOf(ConnectErrorException.class).hasMessage("go away");
        assertThat(s.active()).isFalse();
        // the only socket left: the connection is closed and not reopened
        assertThat(events.await("close")).isEqualTo(DisconnectReason.IO_CLIENT_DISCONNECT);
        assertThat(clock.live()).noneMatch(t -> t.delay == 1250); // no reconnection scheduled
    }

    @Test
    void aThrowingListenerIsReportedAndTheOthersStillRun() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        s.on("news", (args, ack) -> {
            throw new IllegalStateException("boom");
        });
        s.on("news", (args, ack) -> events.add("second", args.get(0)));
        FakeServer.Exchange poll = connectMain(s);

        poll.respond("42[\"news\",1]");

        assertThat(events.awaitError("socket_error")).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(events.await("second")).isEqualTo(1);
        assertThat(s.connected()).isTrue();
    }
}
