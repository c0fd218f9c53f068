package io.zapsocket.sync;

/**
 * The error codes of the sync wire protocol: a refused request is answered {@code {"error":{"code":..,"message":..}}}
 * with {@link #code()} as the code (see {@code docs/sync.md}).
 *
 * @since 0.2
 */
public enum SyncError {
    /** The request is malformed: not an object, a missing or mistyped field, a negative offset or limit. */
    BAD_REQUEST("bad_request"),
    /** The room is not a stream room (neither enabled by the API nor matching the pattern). */
    NOT_A_STREAM("not_a_stream"),
    /** The name is not a replicated map (matches neither {@code lwwMaps} nor {@code casMaps}). */
    NOT_A_MAP("not_a_map"),
    /** A compare-and-set map write whose expected version is not the entry's current version. */
    CONFLICT("conflict"),
    /** The {@link SyncAuthorizer} refused. */
    FORBIDDEN("forbidden"),
    /** A bound was exceeded: history page size, room name length. */
    LIMIT_EXCEEDED("limit_exceeded"),
    /** The requested offset is beyond the stream's last offset (a forged or foreign offset). */
    OFFSET_IN_FUTURE("offset_in_future"),
    /** A publication's data or a presence meta is larger than its bound. */
    TOO_LARGE("too_large"),
    /** The user's inbox is full and {@link SyncOptions#inboxOverflow()} is {@link InboxOverflow#REJECT}. */
    INBOX_FULL("inbox_full"),
    /** The store (Redis) failed or timed out. */
    UNAVAILABLE("unavailable");

    private final String code;

    SyncError(String code) {
        this.code = code;
    }

    /** The wire code, e.g. {@code "limit_exceeded"}. */
    public String code() {
        return code;
    }
}
