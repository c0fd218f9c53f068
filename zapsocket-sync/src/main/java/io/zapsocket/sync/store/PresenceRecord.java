package io.zapsocket.sync.store;

/**
 * One tracked socket in a presence room.
 *
 * @param ref      unique per tracked socket (the socket id)
 * @param key      the presence key (usually the user id)
 * @param metaJson the meta, as a JSON object text
 * @since 0.2
 */
public record PresenceRecord(String ref, String key, String metaJson) {
}
