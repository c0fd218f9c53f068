package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.protocol.TypedEventHandler;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.ServerOptions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the first argument to a type (and validates it) before calling the typed handler; an invalid payload is
 * answered through the ack, or with the {@link ServerOptions#INVALID_PAYLOAD_EVENT} event, and never reaches
 * the handler.
 */
final class TypedEventAdapter<T> implements EventHandler {
    /** The socket's logger: what is logged here is about the socket. */
    private static final Logger log = LoggerFactory.getLogger(DefaultServerSocket.class);

    private final DefaultServerSocket socket;
    private final String event;
    private final Class<T> type;
    private final TypedEventHandler<T> handler;

    TypedEventAdapter(DefaultServerSocket socket, String event, Class<T> type, TypedEventHandler<T> handler) {
        this.socket = socket;
        this.event = event;
        this.type = Objects.requireNonNull(type, "type");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public void handle(Args args, Ack ack) throws Exception {
        T payload;
        try {
            payload = socket.nsp().serverImpl().typedPayloads().bind(event, args.get(0), type);
        } catch (InvalidPayloadException e) {
            log.debug("socket {} ({}): invalid payload for {}: {} {}", socket.id(), socket.nsp().name(), event,
                    e.getMessage(), e.fields());
            Map<String, Object> answer = TypedPayloads.answer(e);
            if (ack.requested()) {
                ack.send(answer);
            } else if (socket.connected()) {
                socket.client().sendPacket(SioPacket.event(socket.nsp().name(),
                        List.of(ServerOptions.INVALID_PAYLOAD_EVENT, answer)));
            }
            return;
        }
        handler.handle(payload, ack);
    }
}
