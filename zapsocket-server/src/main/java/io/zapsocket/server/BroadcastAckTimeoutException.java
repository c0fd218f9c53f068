package io.zapsocket.server;

import io.zapsocket.protocol.AckTimeoutException;
import io.zapsocket.protocol.Args;
import java.util.List;

/**
 * Not every client acknowledged a broadcast in time. {@link #responses()} holds those that did.
 *
 * @since 0.1
 */
public final class BroadcastAckTimeoutException extends AckTimeoutException {
    private static final long serialVersionUID = 1L;
    private final transient List<Args> responses;

    public BroadcastAckTimeoutException(List<Args> responses) {
        this.responses = List.copyOf(responses);
    }

    public List<Args> responses() {
        return responses;
    }
}
