package io.zapsocket.interop;

import io.zapsocket.protocol.Parser;

/**
 * {@link NamespaceContract} against Zap-Socket with {@code parser(Parser.MSGPACK)}, driven by socket.io-client 4.8.4 with
 * {@code parser: require("socket.io-msgpack-parser")} (3.0.2).
 */
class ZapMsgpackNamespaceIT extends NamespaceContract {
    @Override
    protected AppServer startServer(AppOptions options) {
        return ZapAppServer.start(options, Parser.MSGPACK);
    }

    @Override
    protected ClientSpec client(String name) {
        return super.client(name).opt("parser", "msgpack");
    }

    @Override
    protected ClientSpec client(String name, String namespace) {
        return super.client(name, namespace).opt("parser", "msgpack");
    }
}
