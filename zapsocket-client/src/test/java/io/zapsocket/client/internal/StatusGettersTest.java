package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapsocket.client.ClientSocket;

import org.junit.jupiter.api.Test;

/** The status getters reflect the caller's own calls at once, not after the event loop ran them. */
class StatusGettersTest extends FakeServerSupport {

    @Test
    void bufferedCountCountsOwnOfflineEmitsRightAway() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/").connect(); // handshake held: offline
        for (int i = 0; i < 4; i++) {
            s.emit("ev", i);
            assertThat(s.bufferedCount()).isEqualTo(i + 1);
        }
        s.emitWithAck("with-ack");
        assertThat(s.bufferedCount()).isEqualTo(5);
        handshake();
        fake.nextPost().ok();
        fake.nextGet().respond("40{\"sid\":\"abc\"}");
        fake.nextPost().ok();
        awaitTrue("flushed", () -> s.bufferedCount() == 0);
    }

    @Test
    void activeFollowsConnectAndDisconnectAtOnceAndIsOpenIsFalseRightAfterClose() throws Exception {
        DefaultSocketClient c = client(options().build());
        ClientSocket s = c.socket("/");
        assertThat(s.active()).isFalse();
        s.connect();
        assertThat(s.active()).isTrue();
        handshake();
        fake.nextPost().ok();
        fake.nextGet().respond("40{\"sid\":\"abc\"}");
        awaitTrue("connected", s::connected);
        assertThat(c.isOpen()).isTrue();

        s.disconnect();
        assertThat(s.active()).isFalse();
        assertThat(s.connected()).isFalse();
        assertThat(s.id()).isNull();

        s.connect();
        c.closeAsync();
        assertThat(c.isOpen()).isFalse();
    }
}
