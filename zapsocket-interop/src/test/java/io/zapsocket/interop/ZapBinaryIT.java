package io.zapsocket.interop;

/** {@link BinaryContract} against Zap-Socket. */
class ZapBinaryIT extends BinaryContract {
    @Override
    protected AppServer startServer(AppOptions options) {
        return ZapAppServer.start(options);
    }
}
