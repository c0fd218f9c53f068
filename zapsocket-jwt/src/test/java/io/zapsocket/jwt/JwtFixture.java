package io.zapsocket.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import io.zapsocket.client.ClientOptions;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.ConnectErrorException;
import io.zapsocket.client.SocketClient;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.ServerSocket;
import io.zapsocket.server.SocketServer;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A server with {@link JwtAuth} on a free loopback port, and Java clients; closes everything. */
final class JwtFixture implements AutoCloseable {
    final SocketServer server;
    final JwtAuth auth;
    final String url;
    final List<JwtIdentity> identities = new CopyOnWriteArrayList<>();
    final List<ServerSocket> sockets = new CopyOnWriteArrayList<>();
    private final List<SocketClient> clients = new CopyOnWriteArrayList<>();

    JwtFixture(JwtOptions.Builder options) {
        auth = JwtAuth.create(options.build());
        server = SocketServer.create(ServerOptions.DEFAULT);
        server.use(auth);
        server.onConnection(s -> {
            identities.add(JwtIdentity.of(s));
            sockets.add(s);
            s.on("whoami", (args, ack) -> ack.send(JwtIdentity.of(s).subject(), JwtIdentity.of(s).claim("exp")));
        });
        url = "http://127.0.0.1:" + server.listen("127.0.0.1", 0).join().getPort();
    }

    ClientSocket socket(Supplier<?> authPayload, Consumer<ClientOptions.Builder> more) {
        ClientOptions.Builder b = ClientOptions.builder().reconnection(false).auth(authPayload);
        more.accept(b);
        SocketClient client = SocketClient.create(url, b.build());
        clients.add(client);
        return client.socket("/");
    }

    /** Connects with {@code {"token": token}}; "connected" or [message, data] of the connect error. */
    Object connect(String token) {
        return connect(socket(() -> token == null ? Map.of() : Map.of("token", token), b -> { }));
    }

    static Object connect(ClientSocket socket) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        socket.onConnect(() -> outcome.complete("connected"));
        socket.onConnectError(e -> outcome.complete(e instanceof ConnectErrorException ce
                ? List.of(ce.getMessage(), ce.data()) : e));
        socket.connect();
        return outcome.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The {@code code} of a refused connection's CONNECT_ERROR data. */
    @SuppressWarnings("unchecked")
    static String codeOf(Object outcome) {
        assertThat(outcome).as("refused").isInstanceOf(List.class);
        List<Object> l = (List<Object>) outcome;
        assertThat(l.get(0)).isEqualTo("unauthorized");
        return String.valueOf(((Map<String, Object>) l.get(1)).get("code"));
    }

    static RSAPublicKey rsaPublic(RSAKey key) {
        try {
            return key.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        clients.forEach(SocketClient::close);
        server.close().join();
        auth.close();
    }
}
