package io.zapsocket.spring.sample;

import io.zapsocket.protocol.DisconnectReason;
import io.zapsocket.server.Handshake;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.spring.OnConnect;
import io.zapsocket.spring.OnDisconnect;
import io.zapsocket.spring.OnEvent;
import io.zapsocket.spring.ZapController;
import java.util.concurrent.atomic.AtomicLong;

// snippet:start spring-controller
@ZapController(namespace = "/chat")
public class ChatController {
    private final AtomicLong sequence = new AtomicLong();

    @OnConnect
    void connected(ServerSocket socket, Handshake handshake) {
        socket.data().put("user", String.valueOf(handshake.auth().getOrDefault("user", "anonymous")));
        socket.join("lobby");
        socket.emit("welcome", "hello " + socket.data().get("user"));
    }

    @OnEvent("message")                           // the payload is bound with the application's ObjectMapper
    Receipt message(ServerSocket socket, ChatMessage message) {
        String room = message.room() == null ? "lobby" : message.room();
        socket.to(room).emit("message", new ChatMessage(room, (String) socket.data().get("user"), message.text()));
        return new Receipt(sequence.incrementAndGet(), room);   // the acknowledgement, when the client asked for one
    }

    @OnDisconnect
    void disconnected(ServerSocket socket, DisconnectReason reason) {
        socket.to("lobby").emit("left", socket.data().get("user"));
    }
}
// snippet:end spring-controller
