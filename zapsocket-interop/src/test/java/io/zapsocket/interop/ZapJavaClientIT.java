package io.zapsocket.interop;

/** {@link JavaClientContract}: the Java client against Zap-Socket's server (in-process). */
class ZapJavaClientIT extends JavaClientContract {
    @Override
    protected ClientItServer startServer(ClientItServer.Options options) {
        return ZapClientItServer.start(options);
    }
}
