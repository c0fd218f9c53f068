package io.zapsocket.examples.demo;

import io.zapsocket.examples.demo.Payloads.Invalid;
import io.zapsocket.examples.demo.Payloads.SendChat;
import io.zapsocket.protocol.json.Json;
import io.zapsocket.server.SocketServer;
import io.zapsocket.sync.Sync;
import java.time.Clock;

/**
 * The chat room, a stream room of the sync module ({@code zapsocket-sync}, docs/sync.md): {@code chat:send {id, text}}
 * publishes the message into the stream {@value #STREAM} (one order across nodes, offsets, a bounded history in the
 * sync store: in this process, or in Redis for a clustered node) and is acknowledged {@code {ok:true, message}}.
 * The pages follow the stream with {@code StreamSubscription} of {@code /sync/zap-sync.js}: the last
 * {@value #HISTORY} messages when a page opens ({@code rewind}), then the live ones, and after a reconnection exactly
 * the ones it missed (resume from its last offset, gaps filled), on any node.
 *
 * <p>{@code chat:send} is declared idempotent ({@link Sync#onIdempotent}): the page sends the message id as its
 * idempotency key ({@code {"zs:idem": id}}), so a message it resends after a lost acknowledgement is answered with
 * the first answer and not published twice (on any node: with Redis the window is cluster-wide). A send without a key is published each time.
 *
 * <p>Each message is also broadcast as {@code chat:message} to the server room {@value #ROOM}, the public feed of
 * {@code /feed.html} (Server-Sent Events; the pages do not join it).
 */
final class ChatRoom {
    /** The room of the read-only SSE feed. */
    static final String ROOM = "chat";
    /** The stream room of the chat. */
    static final String STREAM = "chat";
    /** Messages a page gets when it opens; also the stream's history size. */
    static final int HISTORY = 100;

    /** A message as everyone receives it ({@code data} of the stream's publications). */
    record Message(String id, String from, String name, String text, long at) {
    }

    private ChatRoom() {
    }

    static void install(SocketServer io, Sync sync, Clock clock) {
        sync.enableStream(STREAM);
        sync.onIdempotent("chat:send", (socket, args, ack) -> {
            Message m;
            try {
                SendChat p;
                try {
                    p = args.isEmpty() ? null : Json.convert(args.get(0), SendChat.class);
                } catch (RuntimeException e) {
                    throw new Invalid("a chat message is {id, text}");
                }
                Payloads.present(p);
                String name = (String) socket.data().get("name");
                m = new Message(Payloads.id(p.id(), "id"), socket.id(), name,
                        Payloads.text(p.text(), "text", Payloads.MAX_CHAT_TEXT), clock.millis());
            } catch (Invalid e) {
                ack.send(Replies.error("invalid", e.getMessage()));
                return;
            }
            sync.publish(STREAM, m).whenComplete((pub, e) -> {
                if (e != null) {
                    ack.send(Replies.unavailable("chat:send", e));
                    return;
                }
                io.to(ROOM).emit("chat:message", m);
                ack.send(Replies.ok("message", m));
            });
        });
    }
}
