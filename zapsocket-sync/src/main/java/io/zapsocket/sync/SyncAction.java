package io.zapsocket.sync;

/**
 * What a socket asks to do, as passed to the {@link SyncAuthorizer}.
 *
 * @since 0.2
 */
public enum SyncAction {
    /** Receive the live publications of a stream room ({@code sync:subscribe}). */
    SUBSCRIBE,
    /** Read a stream room's history ({@code sync:subscribe} with {@code since}/{@code rewind}, {@code sync:history}). */
    READ_HISTORY,
    /** Publish into a stream room from the client ({@code sync:publish}). */
    PUBLISH,
    /** Be tracked in a room's presence ({@code presence:track}). */
    TRACK_PRESENCE,
    /** See a room's presence: list it or subscribe to its diffs ({@code presence:list}, {@code presence:subscribe}). */
    SEE_PRESENCE,
    /** Read a replicated map: its snapshot and changes ({@code map:subscribe}). */
    READ_MAP,
    /** Write a replicated map from the client ({@code map:set}, {@code map:delete}). */
    WRITE_MAP
}
