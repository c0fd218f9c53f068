package io.zapsocket.interop;

/** {@link JavaClientRecoveryContract} against the Node reference. */
class NodeJavaClientRecoveryIT extends JavaClientRecoveryContract {
    @Override
    protected ClientItServer startServer(ClientItServer.Options options) throws Exception {
        return NodeClientItServer.start(options);
    }
}
