package io.zapsocket.sync;

/**
 * An entry of a replicated map: its value ({@code null} when deleted), its {@code stamp} (the hybrid logical clock and
 * node id of the write that won, comparable as strings) and its {@code version} (1, 2, ... per key: every applied
 * write increments it; compare-and-set maps check it).
 *
 * @since 0.2
 */
public record SyncMapEntry(String map, String key, Object value, String stamp, long version) {
}
