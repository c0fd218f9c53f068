package io.zapsocket.interop;

/** {@link HandshakeContract} against the Node reference app (node/ref-server.js). */
class NodeRefHandshakeIT extends HandshakeContract {
    @Override
    protected AppServer startServer(AppOptions options) throws Exception {
        return NodeRefServer.start(options);
    }
}
