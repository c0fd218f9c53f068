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
        return socket.send(SioPacket.event(socket.nsp().name(), all), flags);
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
            int max = socket.nsp().serverImpl().options().maxPendingAcks();
            if (socket.pendingAckCount() >= max) {
                pending.future().completeExceptionally(new TooManyPendingAcksException(max));
                return;
            }
            long ackId = socket.nsp().nextAckId();
            socket.registerAck(ackId, pending, t);
            socket.send(SioPacket.event(socket.nsp().name(), ackId, all), flags);
        };
        // ack registration and the write happen on the loop, so the ack cannot arrive before it is registered
        if (socket.loop().inEventLoop()) {
            send.run();
        } else {
            socket.loop().execute(send);
        }
        return pending.future();
    }
}
