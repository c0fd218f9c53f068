package io.zapsocket.client;

import io.zapsocket.protocol.AckTimeoutException;

/**
 * An at-least-once emit ({@code retries} &gt; 0) was sent {@code retries + 1} times and never acknowledged within
 * {@code ackTimeout}. An {@link AckTimeoutException}, so code that handles timeouts handles this too.
 *
 * @since 0.1
 */
public class RetriesExhaustedException extends AckTimeoutException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    /** @param attempts how many times the packet was sent */
    public RetriesExhaustedException(int attempts) {
        super("operation has timed out (no acknowledgement after " + attempts + " attempt(s))");
        this.attempts = attempts;
    }

    /** How many times the packet was sent. */
    public int attempts() {
        return attempts;
    }
}
