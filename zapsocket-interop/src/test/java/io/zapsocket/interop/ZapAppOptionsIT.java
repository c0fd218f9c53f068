package io.zapsocket.interop;

/** {@link AppOptionsContract} against Zap-Socket. */
class ZapAppOptionsIT extends AppOptionsContract {
    @Override
    protected AppServer startServer(AppOptions options) {
        return ZapAppServer.start(options);
    }
}
