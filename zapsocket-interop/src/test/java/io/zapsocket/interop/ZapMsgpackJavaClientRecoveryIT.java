package io.zapsocket.interop;

import io.zapsocket.protocol.Parser;

/** {@link JavaClientRecoveryContract} with the msgpack parser on both sides. */
class ZapMsgpackJavaClientRecoveryIT extends JavaClientRecoveryContract {
    @Override
    protected ClientItServer startServer(ClientItServer.Options options) throws Exception {
        return ZapClientItServer.start(options);
    }

    @Override
    protected Parser parser() {
        return Parser.MSGPACK;
    }
}
