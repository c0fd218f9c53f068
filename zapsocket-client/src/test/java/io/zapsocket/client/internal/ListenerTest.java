package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Listener semantics: order, threads, typed binding, catch-all, events received before the CONNECT reply. */
class ListenerTest extends FakeServerSupport {

    record Point(int x, int y) {
    }

    @Test
    void typedListenersBindTheFirstArgumentAndAMismatchIsAnError() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        s.on("point", Point.class, (p, ack) -> events.add("point", p));
        FakeServer.Exchange poll = connectMain(s);

        poll.respond("42[\"point\",{\"x\":1,\"y\":2,\"z\":3}]\u001e42[\"point\",\"not a point\"]");

        assertThat(events.await("point")).isEqualTo(new Point(1, 2));
        assertThat(events.awaitError("socket_error")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Point");
    }

    @Test
    void onAnyRunsBeforeTheEventsListenersAndTheAckAnswersTheServer() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        s.onAny((event, args) -> events.add("any", event + args.list()));
        s.on("ask", (args, ack) -> {
            events.add("ask", args.list());
            ack.send("answer", new byte[] {9});
            ack.send("ignored: only the first send counts");
        });
        FakeServer.Exchange poll = connectMain(s);

        poll.respond("427[\"ask\",1]");

        assertThat(events.await("any")).isEqualTo("ask[1]");
        assertThat(events.await("ask")).isEqualTo(List.of(1));
        FakeServer.Exchange ack = fake.nextPost();
        assertThat(ack.body).isEqualTo("461-7[\"answer\",{\"_placeholder\":true,\"num\":0}]\u001ebCQ==");
    }

    @Test
    void eventsReceivedBeforeTheConnectReplyAreDeliveredAfterTheConnectListeners() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = events.record(c.socket("/"));
        s.on("missed", (args, ack) -> events.add("missed", args.get(0)));
        s.connect();
        handshake();
        fake.nextPost().ok();

        // as a server with connection state recovery does: the missed packets first, then the CONNECT reply
        fake.nextGet().respond("42[\"missed\",1,\"off-1\"]\u001e42[\"missed\",2,\"off-2\"]\u001e40{\"sid\":\"abc\"}");

        events.await("connect");
        assertThat(events.await("missed")).isEqualTo(1);
        assertThat(events.await("missed")).isEqualTo(2);
        assertThat(events.history("connect")).hasSize(1);
    }

    @Test
    void listenersRunOnTheGivenExecutorInOrderNeverOnTheIoThread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "user-pool");
            t.setDaemon(true);
            return t;
        });
        try {
            DefaultSocketClient c = client(options().listenerExecutor(pool).build());
            ClientSocket s = c.socket("/");
            s.on("n", (args, ack) -> events.add("n", Thread.currentThread().getName() + ":" + args.get(0)));
            FakeServer.Exchange poll = connectMain(s);
            StringBuilder payload = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                payload.append(i > 0 ? "\u001e" : "").append("42[\"n\",").append(i).append(']');
            }

            poll.respond(payload.toString());

            for (int i = 0; i < 50; i++) {
                assertThat(events.await("n")).isEqualTo("user-pool:" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutAnExecutorListenersRunOnTheClientsEventThread() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        s.on("where", (args, ack) -> events.add("where", Thread.currentThread().getName()));
        FakeServer.Exchange poll = connectMain(s);

        poll.respond("42[\"where\"]");

        assertThat((String) events.await("where")).startsWith("zapsocket-client-events-");
    }
}
