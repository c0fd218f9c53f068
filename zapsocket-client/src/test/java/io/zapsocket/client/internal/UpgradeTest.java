package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Transport;

import org.junit.jupiter.api.Test;

/** Polling → WebSocket upgrade against the fake server: the probe exchange, and staying on polling on refusal. */
class UpgradeTest extends FakeServerSupport {

    @Test
    void upgradesWithTheProbeExchangeOncePollingIsPaused() throws Exception {
        fake.acceptWebSocket(true);
        DefaultSocketClient c = client(options().transports(Transport.POLLING, Transport.WEBSOCKET).build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();
        handshake("websocket");
        FakeServer.Exchange connect = fake.nextPost();
        assertThat(connect.body).isEqualTo("40");
        FakeServer.Exchange poll = fake.nextGet();
        FakeServer.Ws ws = fake.nextWebSocket();
        assertThat(ws.uri).contains("transport=websocket").contains("sid=s1");

        assertThat(ws.nextText()).isEqualTo("2probe");
        ws.send("3probe");
        connect.ok();
        poll.respond("6"); // the server ends the pending poll with a noop
        fake.awaitUpgradePacket(ws);
        assertThat(events.await("upgrade")).isEqualTo(Transport.WEBSOCKET);
        assertThat(c.transport()).isEqualTo(Transport.WEBSOCKET);
        ws.send("40{\"sid\":\"abc\"}");
        assertThat(events.await("connect")).isEqualTo("abc");
        s.emit("over", "ws");
        assertThat(ws.nextText()).isEqualTo("42[\"over\",\"ws\"]");
        ws.send("2");
        assertThat(ws.nextText()).isEqualTo("3");
    }

    @Test
    void staysOnPollingWhenTheWebSocketUpgradeIsRefused() throws Exception {
        DefaultSocketClient c = client(options().transports(Transport.POLLING, Transport.WEBSOCKET).build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();
        handshake("websocket"); // the fake refuses the Upgrade with 400
        FakeServer.Exchange connect = fake.nextPost();
        connect.ok();
        fake.nextGet().respond("40{\"sid\":\"abc\"}");
        events.await("connect");

        s.emit("still", "polling");

        FakeServer.Exchange post = fake.nextPost();
        assertThat(post.body).isEqualTo("42[\"still\",\"polling\"]");
        assertThat(c.transport()).isEqualTo(Transport.POLLING);
        assertThat(events.history("upgrade")).isEmpty();
    }

    @Test
    void websocketOnlyConnectsWithoutPolling() throws Exception {
        fake.acceptWebSocket(true);
        DefaultSocketClient c = client(options().transports(Transport.WEBSOCKET).build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();
        FakeServer.Ws ws = fake.nextWebSocket();
        assertThat(ws.uri).doesNotContain("sid=");
        ws.send(FakeServer.openPacket(PING_INTERVAL, PING_TIMEOUT));

        assertThat(ws.nextText()).isEqualTo("40");
        ws.send("40{\"sid\":\"abc\"}");
        assertThat(events.await("connect")).isEqualTo("abc");
        ws.send("x-not-a-packet");
        assertThat(events.awaitError("error")).hasMessageContaining("invalid packet from the server");
        assertThat(events.await("disconnect")).hasToString("parse error");
    }

    @Test
    void rememberUpgradeStartsTheNextConnectionWithWebSocket() throws Exception {
        fake.acceptWebSocket(true);
        DefaultSocketClient c = client(options().transports(Transport.POLLING, Transport.WEBSOCKET)
                .rememberUpgrade(true).build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();
        handshake("websocket");
        FakeServer.Exchange connect = fake.nextPost();
        FakeServer.Exchange poll = fake.nextGet();
        FakeServer.Ws ws = fake.nextWebSocket();
        assertThat(ws.nextText()).isEqualTo("2probe");
        ws.send("3probe");
        connect.ok();
        poll.respond("6"); // the server ends the pending poll with a noop
        fake.awaitUpgradePacket(ws);
        ws.send("40{\"sid\":\"abc\"}");
        events.await("connect");

        ws.close();
        assertThat(events.await("disconnect")).hasToString("transport close");
        clock.fire(clock.nextRequestExcept(CONNECT_TIMEOUT, PING_INTERVAL + PING_TIMEOUT));

        FakeServer.Ws direct = fake.nextWebSocket();
        assertThat(direct.uri).doesNotContain("sid=");
        direct.send(FakeServer.openPacket(PING_INTERVAL, PING_TIMEOUT));
        assertThat(direct.nextText()).isEqualTo("40");
    }

    @Test
    void anOpenPacketArrivingWithThe101ResponseIsNotLost() throws Exception {
        fake.acceptWebSocketSendingAtOnce(FakeServer.openPacket(PING_INTERVAL, PING_TIMEOUT));
        DefaultSocketClient c = client(options().transports(Transport.WEBSOCKET).build());
        ClientSocket s = events.record(c.socket("/"));

        s.connect();

        FakeServer.Ws ws = fake.nextWebSocket();
        assertThat(ws.nextText()).isEqualTo("40");
        ws.send("40{\"sid\":\"abc\"}");
        assertThat(events.await("connect")).isEqualTo("abc");
    }
}
