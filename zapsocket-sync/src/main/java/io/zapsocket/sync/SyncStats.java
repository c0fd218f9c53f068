package io.zapsocket.sync;

/**
 * The sync layer's figures on this node since {@link Sync#attach} (counters only grow; {@link #presenceMembers} is
 * a current value). Read with {@link Sync#stats()}; {@code zapsocket-micrometer}'s {@code SyncMetrics} turns them into
 * meters.
 *
 * @param publishes        publications this node appended to stream rooms ({@link Sync#publish} and
 *                         {@code sync:publish})
 * @param resumesRecovered {@code sync:subscribe} with {@code since} answered from the history (no gap)
 * @param resumesResynced  {@code sync:subscribe} with {@code since} the history could no longer serve (epoch changed
 *                         or trimmed): the client must resync
 * @param historyPages     history pages read ({@link Sync#history} and {@code sync:history})
 * @param presenceMembers  presence memberships held by this node's sockets now (all rooms together)
 * @param inboxStored      messages stored in inboxes by this node ({@link Sync#sendToUser})
 * @param inboxRefused     {@link Sync#sendToUser} refused: inbox full ({@link InboxOverflow#REJECT}) or too large
 * @param inboxDelivered   {@code inbox:msg} sent to this node's sockets: stored messages on connection and live ones
 *                         (one per socket reached)
 * @param idempotentReplays repeats of an idempotent emit answered from the window without running the handler
 * @since 0.3
 */
public record SyncStats(long publishes, long resumesRecovered, long resumesResynced, long historyPages,
                        int presenceMembers, long inboxStored, long inboxRefused, long inboxDelivered,
                        long idempotentReplays) {
    /** All zero. */
    public static final SyncStats EMPTY = new SyncStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
