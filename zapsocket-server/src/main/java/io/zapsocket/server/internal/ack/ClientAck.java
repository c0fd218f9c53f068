package io.zapsocket.server.internal.ack;

import io.zapsocket.protocol.Ack;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Ack} a handler gets for an event whose client asked for an acknowledgement: the first {@link #send}
 * answers (through the socket's {@link Replier}, which writes the ACK or BINARY_ACK), later ones are ignored.
 * {@link #NONE} is the one for events without an ack id.
 */
public final class ClientAck implements Ack {
    private static final Logger log = LoggerFactory.getLogger(ClientAck.class);
    private static final VarHandle SENT;

    static {
        try {
            SENT = MethodHandles.lookup().findVarHandle(ClientAck.class, "sent", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The ack of an event that asked for none: {@link #requested()} is false, {@link #send} does nothing. */
    public static final Ack NONE = new Ack() {
        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public void send(Object... args) {
        }

        @Override
        public String toString() {
            return "Ack[none]";
        }
    };

    /** Writes the answer to the client (the socket: it knows the namespace, the parser and whether it is connected). */
    @FunctionalInterface
    public interface Replier {
        void reply(long ackId, Object[] args);
    }

    private final long ackId;
    private final Replier replier;
    /** Set by the first {@link #send} ({@link #SENT}; a field, not an {@code AtomicBoolean}: one object less). */
    @SuppressWarnings("unused")
    private volatile boolean sent;

    public ClientAck(long ackId, Replier replier) {
        this.ackId = ackId;
        this.replier = replier;
    }

    /** The ack for a packet's id: a {@code ClientAck}, or {@link #NONE} when the id is negative (none asked). */
    public static Ack of(long ackId, Replier replier) {
        return ackId >= 0 ? new ClientAck(ackId, replier) : NONE;
    }

    @Override
    public boolean requested() {
        return true;
    }

    @Override
    public void send(Object... args) {
        if (!SENT.compareAndSet(this, false, true)) {
            log.debug("{}: ack {} already sent", replier, ackId);
            return;
        }
        replier.reply(ackId, args);
    }
}
