package io.zapsocket.sync.store;

/**
 * A write to a replicated map, as passed to {@link SyncStore#mapWrite}: {@code json} {@code null} deletes;
 * {@code expectedVersion} {@code -1} is a last-writer-wins write (applied only when {@code stamp} is greater than the
 * entry's), else a compare-and-set (applied only when it equals the entry's version, 0 for none). A new key is refused
 * when the map holds {@code maxKeys} entries after tombstones older than {@code tombstoneCutoff} (a stamp) are
 * collected.
 *
 * @since 0.2
 */
public record MapWrite(String key, String json, String stamp, long expectedVersion, int maxKeys,
        String tombstoneCutoff) {
}
