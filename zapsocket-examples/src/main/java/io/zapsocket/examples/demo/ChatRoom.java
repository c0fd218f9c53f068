package io.zapsocket.examples.demo;

import io.zapsocket.examples.demo.ChatHistory.Message;
import io.zapsocket.examples.demo.Payloads.Invalid;
import io.zapsocket.examples.demo.Payloads.SendChat;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import java.time.Clock;

/**
 * The chat room: {@code chat:send} (acknowledged {@code {ok:true, message}}, broadcast to everyone as
 * {@code chat:message}; a message id seen before is acknowledged again with the message as first posted, not
 * re-sent; kept in the {@link ChatHistory}). With a cluster adapter it reaches the pages of every node. Typing
 * notices are the sync module's ({@code typing:start/stop}, see {@link DemoServer}).
 */
final class ChatRoom {
    static final String ROOM = "chat";

    private final SocketServer io;
    private final ChatHistory history;
    private final Clock clock;

    ChatRoom(SocketServer io, ChatHistory history, Clock clock) {
        this.io = io;
        this.history = history;
        this.clock = clock;
    }

    void bind(ServerSocket socket, String name) {
        socket.join(ROOM);
        socket.on("chat:send", SendChat.class, (p, ack) -> {
            Message m;
            try {
                Payloads.present(p);
                m = new Message(Payloads.id(p.id(), "id"), socket.id(), name,
                        Payloads.text(p.text(), "text", Payloads.MAX_CHAT_TEXT), clock.millis());
            } catch (Invalid e) {
                ack.send(Replies.error("invalid", e.getMessage()));
                return;
            }
            history.post(m).whenComplete((posted, e) -> {
                if (e != null) {
                    ack.send(Replies.unavailable("chat:send", e));
                    return;
                }
                if (posted.isNew()) {
                    io.to(ROOM).emit("chat:message", posted.message());
                }
                ack.send(Replies.ok("message", posted.message()));
            });
        });
    }
}
