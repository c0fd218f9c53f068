package io.zapsocket.sync.internal;

import io.zapsocket.protocol.Ack;
import io.zapsocket.protocol.Args;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.sync.SyncError;
import io.zapsocket.sync.SyncException;
import io.zapsocket.sync.store.InboxEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-user inbox of a socket (docs/sync.md): on connection, the socket of user X gets X's stored messages
 * ({@code inbox:msg}, in id order) and then the live ones; {@code inbox:ack} removes messages from X's inbox. The user
 * is always the socket's own ({@code SyncOptions.inboxUser}); a request naming another is refused.
 */
final class InboxHandlers {
    private static final Logger log = LoggerFactory.getLogger(InboxHandlers.class);
    static final String EVENT = "inbox:msg";

    private final DefaultSync sync;

    InboxHandlers(DefaultSync sync) {
        this.sync = sync;
    }

    void install(ServerSocket socket) {
        String user = sync.options.inboxUser().apply(socket);
        socket.on("inbox:ack", (args, ack) -> StreamHandlers.guarded("inbox:ack", ack,
                () -> acknowledge(user, args, ack)));
        if (user != null) {
            deliverStored(socket, user);
        }
    }

    /** Sends the stored messages, then joins the user's live flow (no gap, no duplicate in between). */
    private void deliverStored(ServerSocket socket, String user) {
        sync.state(socket).inboxUser = user;
        Fanout.Pending token = sync.inboxes.begin(user, socket);
        sync.store.inboxRead(user, 0, sync.options.maxInboxMessages(), sync.options.inboxTtl())
                .whenComplete((read, err) -> {
                    if (err != null) {
                        log.warn("inbox of '{}': cannot read it for socket {}: {}", user, socket.id(),
                                Requests.unwrap(err).toString());
                        sync.inboxes.abort(user, socket, token);
                        socket.emit("inbox:error", Requests.error("inbox", err).get("error"));
                        return;
                    }
                    sync.inboxes.complete(user, socket, token, read.top(), null, newer -> {
                        for (InboxEntry e : read.entries()) {
                            socket.emit(EVENT, Payloads.inbox(e));
                        }
                        sync.counters.inboxDelivered.add(read.entries().size() + newer.size());
                        newer.forEach(i -> socket.emit(EVENT, i.payload()));
                    });
                });
    }

    private void acknowledge(String user, Args args, Ack ack) {
        Map<String, Object> body = Requests.body(args);
        Object named = body.get("user");
        if (user == null) {
            throw new SyncException(SyncError.FORBIDDEN, "this socket has no inbox (no user)");
        }
        if (named != null && !user.equals(named)) {
            throw new SyncException(SyncError.FORBIDDEN, "a socket acknowledges only its own user's inbox");
        }
        long upTo = Requests.offset(body, "upTo", 0);
        List<Long> ids = ids(body.get("ids"));
        if (upTo == 0 && ids.isEmpty()) {
            throw Requests.bad("give 'ids' (a list of message ids) or 'upTo' (an id)");
        }
        sync.store.inboxAck(user, ids, upTo).whenComplete((removed, err) -> {
            if (err != null) {
                Requests.fail(ack, "inbox:ack", err);
            } else {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ok", true);
                m.put("removed", removed);
                ack.send(m);
            }
        });
    }

    private List<Long> ids(Object v) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw Requests.bad("'ids' must be a list of message ids");
        }
        if (list.size() > sync.options.maxInboxMessages()) {
            throw new SyncException(SyncError.LIMIT_EXCEEDED,
                    "more than " + sync.options.maxInboxMessages() + " ids in one acknowledgement");
        }
        List<Long> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof Integer || o instanceof Long) || ((Number) o).longValue() < 1) {
                throw Requests.bad("'ids' must hold positive integers");
            }
            out.add(((Number) o).longValue());
        }
        return out;
    }
}
