package io.zapsocket.interop;

/** {@link NamespaceContract} against the Node reference app (node/ref-server.js). */
class NodeRefNamespaceIT extends NamespaceContract {
    @Override
    protected AppServer startServer(AppOptions options) throws Exception {
        return NodeRefServer.start(options);
    }
}
