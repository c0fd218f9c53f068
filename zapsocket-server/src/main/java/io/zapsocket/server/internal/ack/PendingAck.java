package io.zapsocket.server.internal.ack;

import io.zapsocket.protocol.Args;
import java.util.function.Consumer;

/**
 * A server→client acknowledgement awaited by a socket, kept in its {@link AckTable}. Exactly one of the two methods
 * is called, once (the table hands each entry out once: to the answer, the timeout or the close).
 */
public interface PendingAck {
    void acked(Args args);

    /** The socket disconnected before the acknowledgement arrived. */
    void closed();

    /**
     * One recipient of a broadcast with ack: its answer goes to {@code onAck}, and a disconnection before it answers
     * as {@code null}, so that an {@link AckAggregator} stops waiting for a client that is gone.
     */
    static PendingAck counted(Consumer<Args> onAck) {
        return new PendingAck() {
            @Override
            public void acked(Args args) {
                onAck.accept(args);
            }

            @Override
            public void closed() {
                onAck.accept(null);
            }
        };
    }
}
