package io.zapsocket.examples.hello;

import io.zapsocket.server.CorsOptions;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import java.net.InetSocketAddress;

public class HelloServer {
    public static void main(String[] args) {
        SocketServer io = SocketServer.create(ServerOptions.builder()
                .cors(CorsOptions.ANY_ORIGIN)         // pages from any origin may connect: list yours in production
                .build());
        io.onConnection(socket -> {
            socket.on("hello", (event, ack) -> ack.send("Hello, " + event.getString(0) + "!"));
            socket.on("chat", (event, ack) -> io.emit("chat", socket.id(), event.get(0)));  // to everyone
        });
        InetSocketAddress address = io.listen(args.length > 0 ? Integer.parseInt(args[0]) : 3000).join();
        System.out.println("listening on http://localhost:" + address.getPort());
    }
}
