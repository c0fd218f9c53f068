package io.zapsocket.server.adapter;

import io.zapsocket.protocol.sio.Encoded;
import io.zapsocket.protocol.sio.SioPacket;

/**
 * A Socket.IO packet encoded once, ready to be written to many sockets. Created by
 * {@link AdapterContext#prepare(SioPacket, boolean)}; the transports cache their own framing inside it.
 *
 * @since 0.1
 */
public interface PreparedPacket {

    /** The packet as given (args may contain {@code byte[]}). */
    SioPacket packet();

    /**
     * The default parser's wire form: text plus binary attachments. On a server using
     * {@link io.zapsocket.protocol.Parser#MSGPACK} this is not what is sent; it is then encoded on the first call.
     */
    Encoded encoded();
}
