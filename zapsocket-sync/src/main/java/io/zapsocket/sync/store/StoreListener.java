package io.zapsocket.sync.store;

/**
 * Receives what happens in the store, on every node. Calls are serial (never concurrent) and come in the store's
 * order: per stream in offset order, per presence room in version order. Must not block.
 *
 * @since 0.2
 */
public interface StoreListener {
    /** A publication was appended (by any node). */
    void onEntry(StoredEntry entry);

    /** A presence room changed (by any node, or because a node died). */
    void onPresence(PresenceChange change);

    /** A message was appended to a user's inbox (by any node). */
    default void onInbox(InboxEntry entry) {
    }

    /** A replicated map entry changed (by any node), in the map's {@code seq} order. */
    default void onMap(MapChange change) {
    }
}
