package io.zapsocket.sync.store;

import java.time.Duration;

/**
 * The bounds of one user's inbox, as passed to {@link SyncStore#inboxAppend}: count, bytes (UTF-8 JSON of the data),
 * age, and whether a full inbox drops its oldest messages ({@code dropOldest}) or refuses the new one.
 *
 * @since 0.2
 */
public record InboxLimits(int maxMessages, int maxBytes, Duration ttl, boolean dropOldest) {
}
