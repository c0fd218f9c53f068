package io.zapsocket.sync.store;

/**
 * The outcome of claiming an idempotency key in a shared store ({@link SyncStore#idempotencyClaim}): either this
 * caller holds the key now and runs the handler ({@code claimed}), or another emit of the key ran it and
 * {@code answerJson} is its first answer (a JSON array of the ack's arguments; {@code null} when that answer was not
 * kept: larger than the data bound, or binary).
 *
 * @since 0.3
 */
public record IdempotencyClaim(boolean claimed, String answerJson) {
    /** This caller holds the key: run the handler, then {@link SyncStore#idempotencyAnswer}. */
    public static final IdempotencyClaim CLAIMED = new IdempotencyClaim(true, null);
}
