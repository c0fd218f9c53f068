package io.zapsocket.interop;

/** {@link RoomContract} against the Node reference app (node/ref-server.js). */
class NodeRefRoomIT extends RoomContract {
    @Override
    protected AppServer startServer(AppOptions options) throws Exception {
        return NodeRefServer.start(options);
    }
}
