package io.zapsocket.examples.hello;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Args;
import java.util.concurrent.TimeUnit;

public class HelloClient {
    public static void main(String[] args) throws Exception {
        try (SocketClient client = SocketClient.create(args.length > 0 ? args[0] : "http://localhost:3000")) {
            ClientSocket socket = client.socket("/");
            socket.onConnect(() -> System.out.println("connected as " + socket.id()));
            socket.on("chat", (event, ack) -> System.out.println(event.get(0) + " says " + event.get(1)));
            socket.connect();                                   // emits are buffered until connected
            Args reply = socket.emitWithAck("hello", "Java").get(10, TimeUnit.SECONDS);
            System.out.println("server said: " + reply.getString(0));
        }                                                       // close() disconnects and frees the threads
    }
}
