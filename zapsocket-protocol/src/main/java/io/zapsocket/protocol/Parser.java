package io.zapsocket.protocol;

/**
 * The Socket.IO packet format (the "parser" of the Node packages): both ends of a connection must use the same one.
 *
 * @since 0.1.0
 */
public enum Parser {
    /**
     * The default {@code socket.io-parser}: each packet is a text Engine.IO message ({@code 2["event",1]}), binary
     * arguments follow as separate binary messages behind placeholders. What every Socket.IO client speaks unless
     * configured otherwise.
     */
    DEFAULT,
    /**
     * {@code socket.io-msgpack-parser} 3.x: each packet is one MessagePack map {@code {type, data, nsp, id}} sent as
     * one binary Engine.IO message, binary arguments inline. What {@code socket.io.msgpack.min.js} and clients built
     * with {@code parser: require("socket.io-msgpack-parser")} speak.
     */
    MSGPACK
}
