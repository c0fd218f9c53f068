package io.zapsocket.client.internal;

import io.zapsocket.protocol.Ack;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Our answer to a server's ack request; the first {@link #send} wins, later ones are ignored. Thread-safe. */
final class ServerAck implements Ack {
    /** The {@link Ack} of an event that requested none. */
    static final Ack NONE = new Ack() {
        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public void send(Object... args) {
        }
    };

    private final DefaultClientSocket socket;
    private final long id;
    private final AtomicBoolean sent = new AtomicBoolean();

    ServerAck(DefaultClientSocket socket, long id) {
        this.socket = socket;
        this.id = id;
    }

    @Override
    public boolean requested() {
        return true;
    }

    @Override
    public void send(Object... args) {
        if (!sent.compareAndSet(false, true)) {
            return;
        }
        List<Object> list = args == null ? List.of() : Arrays.asList(args.clone());
        socket.sendAck(id, list);
    }
}
