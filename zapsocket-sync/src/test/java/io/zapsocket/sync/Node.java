package io.zapsocket.sync;

import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.protocol.Args;
import io.zapsocket.server.SocketServer;
import io.zapsocket.sync.store.SyncStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A server on a free loopback port with {@link Sync} attached; users are named by the {@code user} auth field. */
final class Node implements AutoCloseable {
    final SocketServer server;
    final Sync sync;
    final int port;
    private final List<SocketClient> clients = new CopyOnWriteArrayList<>();

    Node(SyncStore store, SyncOptions options) throws Exception {
        server = SocketServer.create();
        server.use((socket, next) -> {
            Object user = socket.handshake().auth().get("user");
            if (user != null) {
                socket.data().put("userId", user.toString());
            }
            next.proceed();
        });
        sync = Sync.attach(server, store, options);
        port = server.listen("127.0.0.1", 0).get(10, TimeUnit.SECONDS).getPort();
    }

    /** A connected client socket of {@code user} (auth {@code {user}}). */
    ClientSocket connect(String user) throws Exception {
        return connect(user, s -> { });
    }

    /** As {@link #connect(String)}, with {@code before} run on the socket before it connects (to add listeners). */
    ClientSocket connect(String user, java.util.function.Consumer<ClientSocket> before) throws Exception {
        SocketClient client = SocketClient.create("http://127.0.0.1:" + port, ClientOptions.builder()
                .auth(Map.of("user", user)).reconnection(false).build());
        clients.add(client);
        ClientSocket socket = client.socket("/");
        before.accept(socket);
        java.util.concurrent.CompletableFuture<Void> up = new java.util.concurrent.CompletableFuture<>();
        socket.onConnect(() -> up.complete(null));
        socket.connect();
        up.get(10, TimeUnit.SECONDS);
        return socket;
    }

    static Map<String, Object> call(ClientSocket socket, String event, Object body) throws Exception {
        Args a = socket.emitWithAck(event, body).get(10, TimeUnit.SECONDS);
        return a.getMap(0);
    }

    @SuppressWarnings("unchecked")
    static String errorCode(Map<String, Object> answer) {
        Object e = answer.get("error");
        return e == null ? null : (String) ((Map<String, Object>) e).get("code");
    }

    @Override
    public void close() throws Exception {
        for (SocketClient c : clients) {
            c.close();
        }
        sync.close().get(10, TimeUnit.SECONDS);
        server.close().get(10, TimeUnit.SECONDS);
    }

    static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
