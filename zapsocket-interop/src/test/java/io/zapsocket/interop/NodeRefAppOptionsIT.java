package io.zapsocket.interop;

/** {@link AppOptionsContract} against the Node reference app (node/ref-server.js). */
class NodeRefAppOptionsIT extends AppOptionsContract {
    @Override
    protected AppServer startServer(AppOptions options) throws Exception {
        return NodeRefServer.start(options);
    }
}
