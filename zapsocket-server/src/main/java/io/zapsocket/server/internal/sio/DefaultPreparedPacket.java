package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.Parser;
import io.zapsocket.protocol.sio.Encoded;
import io.zapsocket.protocol.sio.SioMsgpackCodec;
import io.zapsocket.protocol.sio.SioEncoder;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.PreparedPacket;
import io.zapsocket.server.internal.engine.OutboundMessage;

/**
 * A packet encoded once, in the server's {@link Parser}; its {@link OutboundMessage} is shared by every recipient. The per-delivery flags
 * (volatile, compress, priority) are a thin view over the same encoded bytes ({@link #message(BroadcastOptions.Flags)}).
 */
final class DefaultPreparedPacket implements PreparedPacket {
    private final SioPacket packet;
    /** The default parser's form: built with the message, or on first {@link #encoded()} call for msgpack. */
    private volatile Encoded encoded;
    private final OutboundMessage message;
    /** The last flag view handed out: a broadcast uses the same flags for every recipient. */
    private volatile OutboundMessage lastView;

    DefaultPreparedPacket(SioPacket packet, boolean compress, Parser parser) {
        this.packet = packet;
        if (parser == Parser.MSGPACK) {
            this.message = OutboundMessage.binary(SioMsgpackCodec.encode(packet), compress);
        } else {
            Encoded e = SioEncoder.INSTANCE.encode(packet);
            this.encoded = e;
            this.message = OutboundMessage.of(e.text(), e.attachments(), compress);
        }
    }

    static DefaultPreparedPacket of(PreparedPacket p, Parser parser) {
        if (p instanceof DefaultPreparedPacket) {
            return (DefaultPreparedPacket) p;
        }
        return new DefaultPreparedPacket(p.packet(), true, parser);
    }

    @Override
    public SioPacket packet() {
        return packet;
    }

    @Override
    public Encoded encoded() {
        Encoded e = encoded;
        if (e == null) { // msgpack server: the default form only when someone asks (idempotent, a race costs work)
            e = SioEncoder.INSTANCE.encode(packet);
            encoded = e;
        }
        return e;
    }

    OutboundMessage message() {
        return message;
    }

    /** The message with these delivery flags, sharing the encoded bytes (and their cached framings). */
    OutboundMessage message(BroadcastOptions.Flags flags) {
        OutboundMessage view = lastView;
        if (view != null && view.hasFlags(flags.compress(), flags.isVolatile(), flags.priority())) {
            return view;
        }
        view = message.withFlags(flags.compress(), flags.isVolatile(), flags.priority());
        lastView = view;
        return view;
    }
}
