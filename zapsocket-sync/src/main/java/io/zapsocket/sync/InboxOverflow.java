package io.zapsocket.sync;

/**
 * What {@link Sync#sendToUser} does when the user's inbox is full ({@link SyncOptions#maxInboxMessages()} or
 * {@link SyncOptions#maxInboxBytes()}).
 *
 * @since 0.2
 */
public enum InboxOverflow {
    /** Refuse the new message: the send fails with {@link SyncError#INBOX_FULL}; nothing stored is lost (default). */
    REJECT,
    /** Drop the oldest unacknowledged messages until the new one fits (they are never delivered again). */
    DROP_OLDEST
}
