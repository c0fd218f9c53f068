package io.zapsocket.sync;

/**
 * A message of a user's inbox: {@code id} is the user's inbox sequence (1, 2, 3, ... in send order), {@code time}
 * the epoch millis when the store accepted it, {@code data} the JSON value (maps, lists, strings, numbers, booleans).
 *
 * @since 0.2
 */
public record InboxMessage(String user, long id, long time, Object data) {
}
