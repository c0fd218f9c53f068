package io.zapsocket.interop;

/** {@link HandshakeContract} against Zap-Socket. */
class ZapHandshakeIT extends HandshakeContract {
    @Override
    protected AppServer startServer(AppOptions options) {
        return ZapAppServer.start(options);
    }
}
