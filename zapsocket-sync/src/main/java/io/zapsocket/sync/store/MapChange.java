package io.zapsocket.sync.store;

/**
 * A map entry as the store keeps and announces it: {@code seq} is the map's change sequence (1, 2, ... per map, one
 * order across nodes), {@code json} the value ({@code null}: deleted, a tombstone), {@code stamp} the winning write's
 * hybrid logical clock + node id, {@code version} the entry's write count.
 *
 * @since 0.2
 */
public record MapChange(String map, long seq, String key, String json, String stamp, long version) {
    /** Whether this is the tombstone of a deleted key. */
    public boolean deleted() {
        return json == null;
    }
}
