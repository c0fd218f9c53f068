package io.zapsocket.interop;

/** {@link AckContract} against Zap-Socket. */
class ZapAckIT extends AckContract {
    @Override
    protected AppServer startServer(AppOptions options) {
        return ZapAppServer.start(options);
    }
}
