package io.zapsocket.interop;

import io.zapsocket.protocol.Parser;

/** {@link JavaClientContract}: the Java client with {@code parser(Parser.MSGPACK)} against Zap-Socket's server with {@code parser(Parser.MSGPACK)}. */
class ZapMsgpackJavaClientIT extends JavaClientContract {
    @Override
    protected ClientItServer startServer(ClientItServer.Options options) throws Exception {
        return ZapClientItServer.start(options);
    }

    @Override
    protected Parser parser() {
        return Parser.MSGPACK;
    }
}
