package io.zapsocket.interop;

/** {@link DisconnectContract} against the Node reference app (node/ref-server.js). */
class NodeRefDisconnectIT extends DisconnectContract {
    @Override
    protected AppServer startServer(AppOptions options) throws Exception {
        return NodeRefServer.start(options);
    }
}
