package io.zapsocket.server.adapter;

/**
 * Room lifecycle events, as Socket.IO's adapter emits them. Called on the thread that changed membership; must be
 * fast and must not throw.
 *
 * @since 0.1
 */
public interface RoomListener {
    RoomListener NOOP = new RoomListener() { };

    default void onCreateRoom(String room) {
    }

    default void onDeleteRoom(String room) {
    }

    default void onJoinRoom(String room, String socketId) {
    }

    default void onLeaveRoom(String room, String socketId) {
    }
}
