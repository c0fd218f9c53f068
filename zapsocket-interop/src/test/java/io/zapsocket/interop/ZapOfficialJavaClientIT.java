package io.zapsocket.interop;

/** {@link OfficialJavaClientContract} against Zap-Socket. */
class ZapOfficialJavaClientIT extends OfficialJavaClientContract {
    @Override
    protected AppServer startServer(AppOptions options) {
        return ZapAppServer.start(options);
    }
}
