package io.zapsocket.interop;

/** {@link NamespaceContract} against Zap-Socket. */
class ZapNamespaceIT extends NamespaceContract {
    @Override
    protected AppServer startServer(AppOptions options) {
        return ZapAppServer.start(options);
    }
}
