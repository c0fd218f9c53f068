package io.zapsocket.examples.demo;

import io.zapsocket.examples.demo.Payloads.Invalid;
import io.zapsocket.examples.demo.Payloads.SendDm;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.sync.Sync;
import io.zapsocket.sync.SyncException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Direct messages through the sync module's per-user inbox ({@code zapsocket-sync}, docs/sync.md): {@code dm:send
 * {to, text}} stores {@code {from, to, text, at}} in the inbox of the user named {@code to} (the user of a socket is
 * its name) and answers {@code {ok:true, id}}. Every page of that user, on any node, gets it as {@code inbox:msg} now;
 * a user who is offline gets it on their next connection, until one of their pages acknowledges it
 * ({@code InboxReceiver} of {@code /sync/zap-sync.js} does, after showing it). Bounds: the sync module's
 * ({@code maxInboxMessages} 1000 per user, {@code inboxTtl} 7 days; a full inbox refuses with {@code inbox_full}).
 */
final class DirectMessages {
    private DirectMessages() {
    }

    static void bind(ServerSocket socket, String name, Sync sync, Clock clock) {
        socket.on("dm:send", SendDm.class, (p, ack) -> {
            Map<String, Object> dm = new LinkedHashMap<>();
            try {
                Payloads.present(p);
                dm.put("from", name);
                dm.put("to", Payloads.text(p.to(), "to", Payloads.MAX_NAME));
                dm.put("text", Payloads.text(p.text(), "text", Payloads.MAX_CHAT_TEXT));
                dm.put("at", clock.millis());
            } catch (Invalid e) {
                ack.send(Replies.error("invalid", e.getMessage()));
                return;
            }
            sync.sendToUser((String) dm.get("to"), dm).whenComplete((m, e) -> {
                if (e == null) {
                    ack.send(Replies.ok("id", m.id()));
                } else if (Replies.cause(e) instanceof SyncException s) {
                    ack.send(Replies.error(s.error().code(), s.getMessage()));
                } else {
                    ack.send(Replies.unavailable("dm:send", e));
                }
            });
        });
    }
}
