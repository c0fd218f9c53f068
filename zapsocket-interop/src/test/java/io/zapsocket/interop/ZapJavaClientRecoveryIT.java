package io.zapsocket.interop;

/** {@link JavaClientRecoveryContract} against Zap-Socket. */
class ZapJavaClientRecoveryIT extends JavaClientRecoveryContract {
    @Override
    protected ClientItServer startServer(ClientItServer.Options options) {
        return ZapClientItServer.start(options);
    }
}
