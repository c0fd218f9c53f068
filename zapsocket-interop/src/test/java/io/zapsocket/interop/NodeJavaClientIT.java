package io.zapsocket.interop;

/** {@link JavaClientContract}: the Java client against the Node reference (socket.io 4.8.4). */
class NodeJavaClientIT extends JavaClientContract {
    @Override
    protected ClientItServer startServer(ClientItServer.Options options) throws Exception {
        return NodeClientItServer.start(options);
    }
}
