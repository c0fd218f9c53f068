package io.zapsocket.interop;

/** {@link BinaryContract} against the Node reference app (node/ref-server.js). */
class NodeRefBinaryIT extends BinaryContract {
    @Override
    protected AppServer startServer(AppOptions options) throws Exception {
        return NodeRefServer.start(options);
    }
}
