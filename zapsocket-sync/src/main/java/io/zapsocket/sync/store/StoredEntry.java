package io.zapsocket.sync.store;

/**
 * A publication as the store keeps it.
 *
 * @param stream the stream room
 * @param offset its offset (1, 2, ...)
 * @param epoch  the stream's epoch
 * @param time   when the store accepted it (epoch millis)
 * @param json   the data, as JSON text
 * @since 0.2
 */
public record StoredEntry(String stream, long offset, String epoch, long time, String json) {
}
