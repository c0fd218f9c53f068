package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The CONNECT payload: static, supplied per attempt, asynchronous, failing, with recovery fields first. */
class AuthTest extends FakeServerSupport {

    record Credentials(String user, int level) {
    }

    private String connectPayload() throws InterruptedException {
        handshake();
        FakeServer.Exchange connect = fake.nextPost();
        connect.ok();
        return connect.body;
    }

    @Test
    void aRecordIsSentAsAJsonObject() throws Exception {
        DefaultSocketClient c = client(options().auth(new Credentials("ann", 3)).build());
        c.socket("/").connect();

        assertThat(connectPayload()).isEqualTo("40{\"user\":\"ann\",\"level\":3}");
    }

    @Test
    void anAsynchronousSupplierDelaysTheConnectUntilItCompletes() throws Exception {
        CompletableFuture<Map<String, Object>> token = new CompletableFuture<>();
        DefaultSocketClient c = client(options().auth(() -> token).build());
        ClientSocket s = events.record(c.socket("/dyn"));
        s.connect();
        handshake();
        fake.nextGet(); // the long-poll: nothing to post yet, the token is still being fetched

        token.complete(Map.of("token", "fresh"));

        FakeServer.Exchange connect = fake.nextPost();
        assertThat(connect.body).isEqualTo("40/dyn,{\"token\":\"fresh\"}");
    }

    @Test
    void aFailingSupplierIsAConnectErrorAndTheSocketStaysDisconnected() throws Exception {
        DefaultSocketClient c = client(options().auth(() -> {
            throw new IllegalStateException("token service down");
        }).build());
        ClientSocket s = events.record(c.socket("/"));

        s.connect();
        handshake();

        assertThat(events.awaitError("connect_error")).hasMessageContaining("token service down");
        assertThat(s.active()).isFalse();
    }

    @Test
    void afterARecoverableSessionTheConnectCarriesPidAndLastOffsetBeforeTheAuth() throws Exception {
        DefaultSocketClient c = client(options().auth(Map.of("token", "t"))
                .reconnectionDelay(java.time.Duration.ofMillis(10))
                .reconnectionDelayMax(java.time.Duration.ofMillis(10)).build());
        ClientSocket s = events.record(c.socket("/"));
        s.on("news", (args, ack) -> events.add("news", args.list()));
        s.connect();
        assertThat(connectPayload()).isEqualTo("40{\"token\":\"t\"}");
        FakeServer.Exchange poll = fake.nextGet();
        poll.respond("40{\"sid\":\"a\",\"pid\":\"P1\"}\u001e42[\"news\",1,\"off-1\"]\u001e42[\"news\",2,\"off-2\"]");
        events.await("connect");
        assertThat(events.await("news")).isEqualTo(java.util.List.of(1, "off-1"));
        events.await("news");
        assertThat(s.recovered()).isFalse();

        fake.nextGet().respond("1");
        events.await("disconnect");
        clock.fire(clock.nextRequest(10));
        assertThat(connectPayload()).isEqualTo("40{\"pid\":\"P1\",\"offset\":\"off-2\",\"token\":\"t\"}");
        fake.nextGet().respond("40{\"sid\":\"a\",\"pid\":\"P1\"}");

        assertThat(events.await("connect")).isEqualTo("a");
        assertThat(s.recovered()).isTrue();
    }

    @Test
    void aNewPidMeansNotRecovered() throws Exception {
        DefaultSocketClient c = client(options().reconnectionDelay(java.time.Duration.ofMillis(10))
                .reconnectionDelayMax(java.time.Duration.ofMillis(10)).build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();
        connectPayload();
        fake.nextGet().respond("40{\"sid\":\"a\",\"pid\":\"P1\"}");
        events.await("connect");
        fake.nextGet().respond("1");
        events.await("disconnect");
        clock.fire(clock.nextRequest(10));

        assertThat(connectPayload()).isEqualTo("40{\"pid\":\"P1\"}");
        fake.nextGet().respond("40{\"sid\":\"b\",\"pid\":\"P2\"}");

        assertThat(events.await("connect")).isEqualTo("b");
        assertThat(s.recovered()).isFalse();
    }

    @Test
    void aSocketCanHaveItsOwnAuth() throws Exception {
        DefaultSocketClient c = client(options().auth(Map.of("token", "user")).build());
        ClientSocket admin = c.socket("/admin", () -> Map.of("role", "admin"));

        admin.connect();

        assertThat(connectPayload()).isEqualTo("40/admin,{\"role\":\"admin\"}");
        assertThat(c.socket("/admin")).isSameAs(admin);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.socket("/admin", () -> Map.of()))
                .isInstanceOf(IllegalStateException.class);
    }
}
