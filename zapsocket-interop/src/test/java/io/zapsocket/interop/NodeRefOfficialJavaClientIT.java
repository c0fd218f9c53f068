package io.zapsocket.interop;

/** {@link OfficialJavaClientContract} against the Node reference app (node/ref-server.js). */
class NodeRefOfficialJavaClientIT extends OfficialJavaClientContract {
    @Override
    protected AppServer startServer(AppOptions options) throws Exception {
        return NodeRefServer.start(options);
    }
}
