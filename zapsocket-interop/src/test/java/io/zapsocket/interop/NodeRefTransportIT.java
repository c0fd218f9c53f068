package io.zapsocket.interop;

/** {@link TransportContract} against the Node reference app (node/ref-server.js). */
class NodeRefTransportIT extends TransportContract {
    @Override
    protected AppServer startServer(AppOptions options) throws Exception {
        return NodeRefServer.start(options);
    }
}
