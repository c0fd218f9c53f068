package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Transport;

import org.junit.jupiter.api.Test;

/** What the client puts on the wire besides packets: path, query, headers, cache buster, on both transports. */
class RequestTest extends FakeServerSupport {

    @Test
    void queryAndExtraHeadersGoWithEveryPollingRequestAndTheWebSocketHandshake() throws Exception {
        fake.acceptWebSocket(true);
        DefaultSocketClient c = client(fake.url() + "/?from=url", options()
                .transports(Transport.POLLING, Transport.WEBSOCKET)
                .query("room", "a b&c").extraHeader("X-Api-Key", "k1").build());
        ClientSocket s = c.socket("/");
        s.connect();

        FakeServer.Exchange hs = fake.nextGet();
        assertThat(hs.uri).startsWith("/socket.io/?EIO=4&transport=polling&t=");
        assertThat(hs.param("from")).isEqualTo("url");
        assertThat(hs.param("room")).isEqualTo("a b&c");
        assertThat(hs.headers.get("X-Api-Key")).isEqualTo("k1");
        hs.respond(FakeServer.openPacket(PING_INTERVAL, PING_TIMEOUT, "websocket"));
        FakeServer.Exchange post = fake.nextPost();
        assertThat(post.headers.get("X-Api-Key")).isEqualTo("k1");
        assertThat(post.headers.get("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
        assertThat(post.param("sid")).isEqualTo("s1");
        FakeServer.Exchange poll = fake.nextGet();
        assertThat(poll.param("t")).isNotEqualTo(hs.param("t"));
        FakeServer.Ws ws = fake.nextWebSocket();

        assertThat(ws.uri).startsWith("/socket.io/?EIO=4&transport=websocket&sid=s1").contains("room=a%20b%26c");
        assertThat(ws.headers.get("X-Api-Key")).isEqualTo("k1");
    }

    @Test
    void aCustomPathIsUsedAsGiven() throws Exception {
        DefaultSocketClient c = client(options().path("/rt/engine").build());
        c.socket("/").connect();

        assertThat(fake.nextGet().uri).startsWith("/rt/engine?EIO=4&transport=polling");
    }
}
