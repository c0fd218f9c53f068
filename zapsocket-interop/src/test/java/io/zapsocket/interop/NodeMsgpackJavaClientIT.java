package io.zapsocket.interop;

import io.zapsocket.protocol.Parser;

/** {@link JavaClientContract}: the Java client with {@code parser(Parser.MSGPACK)} against the Node reference (socket.io 4.8.4) with {@code parser: require("socket.io-msgpack-parser")} (3.0.2). */
class NodeMsgpackJavaClientIT extends JavaClientContract {
    @Override
    protected ClientItServer startServer(ClientItServer.Options options) throws Exception {
        return NodeClientItServer.start(options);
    }

    @Override
    protected Parser parser() {
        return Parser.MSGPACK;
    }
}
