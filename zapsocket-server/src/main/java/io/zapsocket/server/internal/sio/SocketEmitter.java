package io.zapsocket.server.internal.sio;

import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.ConnectionClosedException;
import io.zapsocket.protocol.sio.SioPacket;
import io.zapsocket.server.Emitter;
import io.zapsocket.server.Priority;
import io.zapsocket.server.TooManyPendingAcksException;
import io.zapsocket.server.adapter.BroadcastOptions;
import io.zapsocket.server.internal.ack.TimedAck;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Immutable per-emit flags for one socket. */
final class SocketEmitter implements Emitter {
    private final DefaultServerSocket socket;
    private final Duration timeout;
    private final BroadcastOptions.Flags flags;

    SocketEmitter(DefaultServerSocket socket, Duration timeout, BroadcastOptions.Flags flags) {
        this.socket = socket;
        this.timeout = timeout;
        this.flags = flags;
    }

    @Override
    public Emitter timeout(Duration timeout) {
        return new SocketEmitter(socket, timeout, flags);
    }

    @Override
    public Emitter asVolatile() {
        return new SocketEmitter(socket, timeout, flags.withVolatile(true));
    }

    @Override
    public Emitter compress(boolean compress) {
        return new SocketEmitter(socket, timeout, flags.withCompress(compress));
    }

    @Override
    public Emitter priority(Priority priority) {
        return new SocketEmitter(socket, timeout, flags.withPriority(Objects.requireNonNull(priority, "priority")));
    }

    @Override
    public boolean emit(String event, Object... args) {
        List<Object> all = Events.eventArgs(event, args);
        if (socket.pid() != null) {
            // with recovery on, a plain emit goes through the adapter so that it is stored for replay
            if (!socket.connected()) {
                return false;
            }
            socket.nsp().adapter().broadcast(SioPacket.event(socket.nsp().name(), all), new BroadcastOptions(
                    Set.of(socket.id()), Set.of(), flags));
            return true;
        }
        return send(SioPacket.event(socket.nsp().name(), all));
    }

    @Override
    public CompletableFuture<Args> emitWithAck(String event, Object... args) {
        List<Object> all = Events.eventArgs(event, args);
        TimedAck pending = new TimedAck();
        Duration t = timeout != null ? timeout : socket.nsp().serverImpl().options().ackTimeout();
        Runnable send = () -> {
            if (!socket.connected()) {
                pending.future().completeExceptionally(new ConnectionClosedException("socket is disconnected"));
                return;
            }
            if (socket.acksFull()) {
                pending.future().completeExceptionally(
                        new TooManyPendingAcksException(socket.nsp().serverImpl().options().maxPendingAcks()));
                return;
            }
            long ackId = socket.nsp().nextAckId();
            socket.acks().register(ackId, pending, t, socket.loop());
            send(SioPacket.event(socket.nsp().name(), ackId, all));
        };
        // ack registration and the write happen on the loop, so the ack cannot arrive before it is registered
        if (socket.loop().inEventLoop()) {
            send.run();
        } else {
            socket.loop().execute(send);
        }
        return pending.future();
    }

    /**
     * Sends an event to the socket's client. A volatile packet is dropped by the engine if the transport is not
     * writable when it gets there (as Socket.IO, outgoing listeners still see it).
     */
    private boolean send(SioPacket packet) {
        if (!socket.connected()) {
            return false;
        }
        EventDelivery.notifyOutgoing(socket, packet);
        ClientConnection client = socket.client();
        client.send(new DefaultPreparedPacket(packet, flags.compress(), client.parser()).message(flags));
        return true;
    }
}
