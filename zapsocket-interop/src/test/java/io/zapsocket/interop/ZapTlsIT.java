package io.zapsocket.interop;

import io.zapsocket.server.CorsOptions;
import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import io.zapsocket.server.TlsOptions;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * https/wss with the official JS client ({@code rejectUnauthorized: false} for the self-signed certificate made in
 * the test), with the JDK and the OpenSSL providers, over WebSocket only and over polling upgraded to WebSocket.
 */
class ZapTlsIT extends InteropContract {
    private final List<SocketServer> servers = new ArrayList<>();
    private KeyStore keyStore;

    @Override
    protected AppServer startServer(AppOptions options) throws Exception {
        keyStore = TestCertificate.generate();
        return null; // each test starts its own server
    }

    @AfterAll
    void stopServers() {
        servers.forEach(s -> s.close().join());
    }

    private String start(TlsOptions.Provider provider) {
        SocketServer io = SocketServer.create(ServerOptions.builder()
                .cors(CorsOptions.ANY_ORIGIN)
                .tls(TlsOptions.keyStore(keyStore, TestCertificate.PASSWORD).provider(provider).build())
                .build());
        io.onConnection(socket -> {
            socket.emit("welcome", socket.handshake().secure());
            socket.on("echo", (args, ack) -> ack.send(args.toArray()));
        });
        servers.add(io);
        return "https://127.0.0.1:" + io.listen("127.0.0.1", 0).join().getPort();
    }

    @ParameterizedTest(name = "{0} provider, {1}")
    @CsvSource({"JDK, websocket", "JDK, upgrade", "OPENSSL, websocket", "OPENSSL, upgrade"})
    void theOfficialClientConnectsOverTls(TlsOptions.Provider provider, String mode) {
        String url = start(provider);
        ClientSpec spec = ClientSpec.client("tls-" + provider + "-" + mode, url).opt("rejectUnauthorized", false)
                .subscribe("welcome");
        if (mode.equals("websocket")) {
            spec.transports("websocket");
        }
        DriverClient c = connected(spec);
        assertThat(c.awaitMessage("welcome").arg(0).asBoolean()).as("handshake.secure()").isTrue();
        if (mode.equals("upgrade")) {
            assertThat(c.awaitEvent("upgrade").text("transport")).isEqualTo("websocket");
        }
        assertThat(c.request("echo", "over tls")).isEqualTo(Json.array("over tls"));
        assertThat(c.state().path("transport").asText()).isEqualTo("websocket");
    }
}
