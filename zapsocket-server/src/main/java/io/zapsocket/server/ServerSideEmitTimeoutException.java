package io.zapsocket.server;

import io.zapsocket.protocol.AckTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Not every node answered a {@code serverSideEmitWithAck} in time. {@link #responses()} holds the answers that
 * arrived (the first acknowledgement argument of each node).
 *
 * @since 0.2
 */
public final class ServerSideEmitTimeoutException extends AckTimeoutException {
    private static final long serialVersionUID = 1L;
    private final transient List<Object> responses;

    public ServerSideEmitTimeoutException(String message, List<Object> responses) {
        super(message);
        this.responses = Collections.unmodifiableList(new ArrayList<>(responses)); // answers may be null
    }

    public List<Object> responses() {
        return responses;
    }
}
