package io.zapsocket.interop;

/** {@link TransportContract} against Zap-Socket. */
class ZapTransportIT extends TransportContract {
    @Override
    protected AppServer startServer(AppOptions options) {
        return ZapAppServer.start(options);
    }
}
