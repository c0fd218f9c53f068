package io.zapsocket.client;

/**
 * What an emit does when the socket's offline send buffer (or, with {@code retries}, its retry queue) is full.
 *
 * @since 0.1
 */
public enum OverflowPolicy {
    /**
     * The oldest buffered packet is dropped to make room: its future (and ack callback) fails with
     * {@link SendBufferFullException}.
     */
    DROP_OLDEST,
    /** The new emit is refused: its future (and ack callback) fails with {@link SendBufferFullException}. */
    REJECT
}
