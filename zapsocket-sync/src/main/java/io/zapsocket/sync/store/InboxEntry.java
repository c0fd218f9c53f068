package io.zapsocket.sync.store;

/**
 * A stored inbox message: the user, its id in the user's inbox (1, 2, 3, ...), the time the store accepted it, its
 * data as JSON.
 *
 * @since 0.2
 */
public record InboxEntry(String user, long id, long time, String json) {
}
