package io.zapsocket.interop;

/** {@link DisconnectContract} against Zap-Socket. */
class ZapDisconnectIT extends DisconnectContract {
    @Override
    protected AppServer startServer(AppOptions options) {
        return ZapAppServer.start(options);
    }
}
