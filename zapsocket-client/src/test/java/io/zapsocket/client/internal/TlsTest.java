package io.zapsocket.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.zapsocket.client.ClientSocket;
import io.zapsocket.protocol.Transport;
import io.zapsocket.client.TransportException;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https / wss against a TLS fake server whose self-signed certificate (SAN 127.0.0.1, made with the JDK's keytool)
 * is trusted through the {@code trustManager} option, with host name verification on.
 */
class TlsTest extends FakeServerSupport {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static KeyStore keyStore;

    @BeforeAll
    static void makeCertificate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "test", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, PASSWORD);
        }
    }

    @BeforeEach
    void tlsFake() throws Exception {
        fake.close();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD);
        SslContext ssl = SslContextBuilder.forServer(kmf).build();
        fake = new FakeServer(ssl);
    }

    private static TrustManagerFactory trust() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keyStore);
        return tmf;
    }

    @Test
    void connectsOverHttpsAndUpgradesToWssWithACustomTrustManager() throws Exception {
        fake.acceptWebSocket(true);
        DefaultSocketClient c = client(options().transports(Transport.POLLING, Transport.WEBSOCKET)
                .trustManager(trust().getTrustManagers()[0]).build());
        ClientSocket s = events.record(c.socket("/"));
        s.connect();
        handshake("websocket");
        FakeServer.Exchange connect = fake.nextPost();
        FakeServer.Exchange poll = fake.nextGet();
        FakeServer.Ws ws = fake.nextWebSocket();
        assertThat(ws.nextText()).isEqualTo("2probe");
        ws.send("3probe");
        connect.ok();
        poll.respond("6"); // the server ends the pending poll with a noop
        fake.awaitUpgradePacket(ws);
        ws.send("40{\"sid\":\"secure\"}");

        assertThat(events.await("connect")).isEqualTo("secure");
        assertThat(c.transport()).isEqualTo(Transport.WEBSOCKET);
    }

    @Test
    void anUntrustedCertificateIsAConnectError() throws Exception {
        DefaultSocketClient c = client(options().build()); // JDK default trust: the self-signed cert is unknown
        ClientSocket s = events.record(c.socket("/"));

        s.connect();

        assertThat(events.awaitError("connect_error")).isInstanceOf(TransportException.class)
                .hasMessageContaining("xhr poll error");
    }
}
