package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.sio.Encoded;
import io.zapsocket.protocol.sio.SioEncoder;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.adapter.PreparedPacket;
import io.zapsocket.server.internal.engine.OutboundMessage;

/**
 * A packet encoded once; its {@link OutboundMessage} is shared by every recipient. The per-delivery flags
 * (volatile, compress, priority) are a thin view over the same encoded bytes ({@link #message(BroadcastOptions.Flags)}).
 */
final class DefaultPreparedPacket implements PreparedPacket {
    private final SioPacket packet;
    private final Encoded encoded;
    private final OutboundMessage message;
    /** The last flag view handed out: a broadcast uses the same flags for every recipient. */
    private volatile OutboundMessage lastView;

    DefaultPreparedPacket(SioPacket packet, boolean compress) {
        this.packet = packet;
        this.encoded = SioEncoder.INSTANCE.encode(packet);
        this.message = OutboundMessage.of(encoded.text(), encoded.attachments(), compress);
    }

    static DefaultPreparedPacket of(PreparedPacket p) {
        if (p instanceof DefaultPreparedPacket) {
            return (DefaultPreparedPacket) p;
        }
        return new DefaultPreparedPacket(p.packet(), true);
    }

    @Override
    public SioPacket packet() {
        return packet;
    }

    @Override
    public Encoded encoded() {
        return encoded;
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
