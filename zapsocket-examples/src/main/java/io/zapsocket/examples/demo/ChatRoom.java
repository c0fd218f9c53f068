package io.zapsocket.examples.demo;

import io.zapsocket.examples.demo.Payloads.Invalid;
import io.zapsocket.examples.demo.Payloads.SendChat;
import io.zapsocket.examples.demo.Payloads.Typing;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chat room: the last {@value #HISTORY} messages, {@code chat:send} (acknowledged {@code {ok:true, message}},
 * broadcast to everyone as {@code chat:message}; a message id seen before is acknowledged again, not re-sent) and
 * {@code chat:typing} (relayed to the others as a volatile {@code chat:typing {id, name, typing}}: a lost typing
 * notice is not worth replaying).
 */
final class ChatRoom {
    static final String ROOM = "chat";
    static final int HISTORY = 100;
    private static final int REMEMBERED_IDS = 5_000;

    /** A message as everyone receives it. */
    record Message(String id, String from, String name, String text, long at) {
    }

    private final SocketServer io;
    private final Clock clock;
    private final Deque<Message> history = new ArrayDeque<>();
    private final Map<String, Message> byId = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Message> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };

    ChatRoom(SocketServer io, Clock clock) {
        this.io = io;
        this.clock = clock;
    }

    synchronized List<Message> history() {
        return new ArrayList<>(history);
    }

    void bind(ServerSocket socket, String name) {
        socket.join(ROOM);
        socket.on("chat:send", SendChat.class, (p, ack) -> {
            Message m;
            boolean isNew;
            try {
                Payloads.present(p);
                String id = Payloads.id(p.id(), "id");
                String text = Payloads.text(p.text(), "text", Payloads.MAX_CHAT_TEXT);
                synchronized (this) {
                    Message seen = byId.get(id);
                    isNew = seen == null;
                    m = isNew ? new Message(id, socket.id(), name, text, clock.millis()) : seen;
                    if (isNew) {
                        byId.put(id, m);
                        history.addLast(m);
                        if (history.size() > HISTORY) {
                            history.removeFirst();
                        }
                    }
                }
            } catch (Invalid e) {
                ack.send(Replies.error("invalid", e.getMessage()));
                return;
            }
            if (isNew) {
                io.to(ROOM).emit("chat:message", m);
            }
            ack.send(Replies.ok("message", m));
        });
        socket.on("chat:typing", Typing.class, (p, ack) -> typing(socket, name, p != null && p.typing()));
        socket.onDisconnect((reason, description) -> typing(socket, name, false));
    }

    private void typing(ServerSocket socket, String name, boolean typing) {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("id", socket.id());
        notice.put("name", name);
        notice.put("typing", typing);
        io.to(ROOM).except(socket.id()).asVolatile().emit("chat:typing", notice);
    }
}
