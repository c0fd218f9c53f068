/**
 * Zap-Socket's wire model: Engine.IO v4 and Socket.IO v5 packets and codecs, JSON, and the values the server and the
 * client share ({@link io.zapsocket.protocol.Args}, {@link io.zapsocket.protocol.DisconnectReason},
 * {@link io.zapsocket.protocol.Transport}, ...). No Netty.
 */
@SuppressWarnings("requires-automatic") // msgpack-core ships no module descriptor; its name is stable
module io.zapsocket.protocol {
    // Json exposes Jackson's ObjectMapper and TypeReference in its API
    requires transitive com.fasterxml.jackson.databind;
    requires msgpack.core;

    exports io.zapsocket.protocol;
    exports io.zapsocket.protocol.engine;
    exports io.zapsocket.protocol.sio;
    exports io.zapsocket.protocol.json;
    exports io.zapsocket.protocol.msgpack;
}
