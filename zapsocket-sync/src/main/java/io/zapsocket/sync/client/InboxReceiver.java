package io.zapsocket.sync.client;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Args;
import io.zapsocket.protocol.EventHandler;
import io.zapsocket.sync.InboxMessage;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Receives the per-user inbox on a Java client socket (docs/sync.md): each {@code inbox:msg} goes to the
 * {@link Handler} once, and is acknowledged ({@code inbox:ack}) after the handler returned, so the server removes it
 * from the inbox. A message that comes again (its acknowledgement was lost, or another connection of the user got
 * it first and this one reconnected) is acknowledged again without calling the handler; a handler that throws leaves
 * the message unacknowledged: it comes again on the next connection. Remembers the last {@code memory} ids.
 *
 * <p>The handler runs on the client's listener thread, one message at a time, in id order.
 *
 * @since 0.2
 */
public final class InboxReceiver implements AutoCloseable {
    /**
     * Handles one inbox message ({@link InboxMessage#user()} is {@code null} on the client: it is this socket's).
     *
     * @since 0.2
     */
    @FunctionalInterface
    public interface Handler {
        void onMessage(InboxMessage message) throws Exception;
    }

    private final ClientSocket socket;
    private final Handler handler;
    private final int memory;
    private final LinkedHashSet<Long> handled = new LinkedHashSet<>();
    private final EventHandler onMsg = (args, ack) -> onMessage(args);

    private InboxReceiver(ClientSocket socket, Handler handler, int memory) {
        this.socket = socket;
        this.handler = handler;
        this.memory = memory;
    }

    /**
     * Receives the inbox of {@code socket}'s user. Register it before {@link ClientSocket#connect()}: the server sends
     * the stored messages as soon as the socket connects.
     *
     * @param memory how many handled ids to remember against redeliveries (e.g. the server's maxInboxMessages)
     */
    public static InboxReceiver listen(ClientSocket socket, int memory, Handler handler) {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(handler, "handler");
        if (memory < 1) {
            throw new IllegalArgumentException("memory must be >= 1: " + memory);
        }
        InboxReceiver r = new InboxReceiver(socket, handler, memory);
        socket.on("inbox:msg", r.onMsg);
        return r;
    }

    private synchronized void onMessage(Args args) throws Exception {
        Map<String, Object> m = args.getMap(0);
        long id = ((Number) m.get("id")).longValue();
        if (!handled.contains(id)) {
            handler.onMessage(new InboxMessage(null, id, ((Number) m.get("time")).longValue(), m.get("data")));
            handled.add(id);
            if (handled.size() > memory) {
                Iterator<Long> oldest = handled.iterator();
                oldest.next();
                oldest.remove();
            }
        }
        socket.emit("inbox:ack", Map.of("ids", List.of(id)));
    }

    /** Stops receiving (the messages not acknowledged yet stay in the inbox). */
    @Override
    public void close() {
        socket.off("inbox:msg", onMsg);
    }
}
