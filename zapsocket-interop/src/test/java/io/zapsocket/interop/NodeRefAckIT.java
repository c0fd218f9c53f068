package io.zapsocket.interop;

/** {@link AckContract} against the Node reference app (node/ref-server.js). */
class NodeRefAckIT extends AckContract {
    @Override
    protected AppServer startServer(AppOptions options) throws Exception {
        return NodeRefServer.start(options);
    }
}
