package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.DisconnectReason;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Polling's HTTP lanes: stale kept-alive connections are retried once, a fresh connection dying is an error. */
class HttpLaneTest extends FakeServerSupport {

    @Test
    void aRequestOnAKeptAliveConnectionThatDiesUnansweredIsRetriedOnANewOne() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        connectMain(s); // the CONNECT went over the POST lane's first connection, which is kept alive

        CompletableFuture<Void> sent = s.emit("ev", 1);
        FakeServer.Exchange first = fake.nextPost();
        first.drop();

        FakeServer.Exchange again = fake.nextPost();
        assertThat(again.body).isEqualTo(first.body).isEqualTo("42[\"ev\",1]");
        again.ok();
        await(sent);
        assertThat(s.connected()).isTrue();
    }

    @Test
    void aFreshConnectionDyingUnderTheRequestIsATransportError() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        FakeServer.Exchange poll = connectMain(s);
        // the GET lane's connection is fresh for each poll only after a close: drop the pending poll twice
        poll.drop();
        FakeServer.Exchange retried = fake.nextGet(); // reused connection died: retried once
        retried.drop(); // this one was on a new connection: no second retry

        assertThat(events.await("disconnect")).isEqualTo(DisconnectReason.TRANSPORT_ERROR);
        assertThat(events.awaitError("error")).hasMessageContaining("polling GET: connection closed");
    }
}
