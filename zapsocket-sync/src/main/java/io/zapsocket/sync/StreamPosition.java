package io.zapsocket.sync;

/**
 * A position in a stream room: an offset within an epoch.
 *
 * @param offset the offset (0 before the first publication)
 * @param epoch  the epoch the offset belongs to
 * @since 0.2
 */
public record StreamPosition(long offset, String epoch) {
}
