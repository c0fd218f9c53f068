package io.zapsocket.sync;

/**
 * One publication of a stream room.
 *
 * @param stream the stream room
 * @param offset its position: 1, 2, 3, ... one total order per stream across all nodes (within one epoch)
 * @param epoch  the stream's epoch; it changes when the store loses the stream's history
 * @param time   when the store accepted it (epoch millis, the store's clock)
 * @param data   the published value, as decoded from JSON (Map, List, String, Number, Boolean or null)
 * @since 0.2
 */
public record Publication(String stream, long offset, String epoch, long time, Object data) {
}
