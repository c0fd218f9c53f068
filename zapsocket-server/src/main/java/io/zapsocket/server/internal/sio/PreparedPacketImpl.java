package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.sio.Encoded;
import io.zapsocket.protocol.sio.SioEncoder;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.adapter.PreparedPacket;
import io.zapsocket.server.internal.engine.OutboundMessage;

/** A packet encoded once; its {@link OutboundMessage} is shared by every recipient. */
final class PreparedPacketImpl implements PreparedPacket {
    private final SioPacket packet;
    private final Encoded encoded;
    private final OutboundMessage message;

    PreparedPacketImpl(SioPacket packet, boolean compress) {
        this.packet = packet;
        this.encoded = SioEncoder.INSTANCE.encode(packet);
        this.message = OutboundMessage.of(encoded.text(), encoded.attachments(), compress);
    }

    static PreparedPacketImpl of(PreparedPacket p) {
        if (p instanceof PreparedPacketImpl) {
            return (PreparedPacketImpl) p;
        }
        return new PreparedPacketImpl(p.packet(), true);
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
}
