package io.zapsocket.server.internal.ack;

import io.zapsocket.protocol.Ack;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A handler's answer to a client's ack request is written once; an event without an ack id gets {@code NONE}. */
class ClientAckTest {

    @Test
    void onlyTheFirstSendAnswers() {
        List<Object[]> replies = new ArrayList<>();
        Ack ack = ClientAck.of(3, (id, args) -> replies.add(new Object[]{id, args}));
        assertThat(ack.requested()).isTrue();
        ack.send("one");
        ack.send("two");
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0)[0]).isEqualTo(3L);
        assertThat((Object[]) replies.get(0)[1]).containsExactly("one");
    }

    @Test
    void aNegativeIdMeansNoAckWasAskedFor() {
        Ack ack = ClientAck.of(-1, (id, args) -> {
            throw new AssertionError("must not reply");
        });
        assertThat(ack).isSameAs(ClientAck.NONE);
        assertThat(ack.requested()).isFalse();
        ack.send("ignored");
    }
}
