package io.zapsocket.interop;

/** {@link RoomContract} against Zap-Socket. */
class ZapRoomIT extends RoomContract {
    @Override
    protected AppServer startServer(AppOptions options) {
        return ZapAppServer.start(options);
    }
}
