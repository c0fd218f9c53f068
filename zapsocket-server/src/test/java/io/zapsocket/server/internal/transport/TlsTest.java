package io.zapsocket.server.internal.transport;

import io.netty.handler.ssl.OpenSsl;
import io.zapsocket.server.TlsOptions;
import io.zapsocket.server.internal.engine.EngineSession;
import io.zapsocket.server.testing.SelfSignedCert;
import io.zapsocket.server.testing.TestServer;
import io.zapsocket.server.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** https/wss end to end with a certificate generated in the test, with the JDK and the OpenSSL providers. */
class TlsTest {
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static TlsOptions tls(String provider, String keySource) throws Exception {
        SelfSignedCert cert = SelfSignedCert.get();
        TlsOptions.Builder b = keySource.equals("pem") ? TlsOptions.pem(cert.certPem, cert.keyPem)
                : TlsOptions.keyStore(cert.keyStore, SelfSignedCert.PASSWORD);
        return b.provider(TlsOptions.Provider.valueOf(provider)).build();
    }

    private static String sid(String open) {
        Matcher m = SID.matcher(open);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @ParameterizedTest(name = "{0} provider, key from {1}")
    @CsvSource({"JDK, pem", "JDK, keystore", "OPENSSL, pem", "OPENSSL, keystore"})
    void pollingAndWebSocketOverTls(String provider, String keySource) throws Exception {
        if (provider.equals("OPENSSL")) {
            assertThat(OpenSsl.isAvailable()).as("netty-tcnative-boringssl-static loads here: %s",
                    OpenSsl.unavailabilityCause()).isTrue();
        }
        TlsOptions tls = tls(provider, keySource);
        server = TestServer.start(b -> b.tls(tls));
        assertThat(server.host.secure()).isTrue();
        HttpClient client = HttpClient.newBuilder().sslContext(SelfSignedCert.get().clientContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
        String base = "https://127.0.0.1:" + server.port + "/engine.io/?EIO=4&transport=polling";

        // polling: handshake, POST, GET
        HttpResponse<String> open = client.send(HttpRequest.newBuilder(URI.create(base)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(200);
        String sid = sid(open.body());
        EngineSession session = server.engine.session(sid);
        assertThat(session.request().secure()).isTrue();
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "&sid=" + sid))
                .POST(HttpRequest.BodyPublishers.ofString("4over tls")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.body()).isEqualTo("ok");
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(base + "&sid=" + sid)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.body()).isEqualTo("4over tls");

        // wss: upgrade that polling session, then a WebSocket-only session
        try (WsClient ws = WsClient.connect(client, "wss://127.0.0.1:" + server.port
                + "/engine.io/?EIO=4&transport=websocket&sid=" + sid)) {
            ws.send("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");
            ws.send("5");
            ws.send("4upgraded");
            assertThat(ws.nextText()).isEqualTo("4upgraded");
        }
        try (WsClient ws = WsClient.connect(client, "wss://127.0.0.1:" + server.port
                + "/engine.io/?EIO=4&transport=websocket")) {
            assertThat(ws.nextText()).startsWith("0{");
            ws.send("4hello");
            assertThat(ws.nextText()).isEqualTo("4hello");
        }
    }

    @Test
    void protocolsCanBeRestricted() throws Exception {
        SelfSignedCert cert = SelfSignedCert.get();
        server = TestServer.start(b -> b.tls(TlsOptions.pem(cert.certPem, cert.keyPem).protocols("TLSv1.3").build()));
        javax.net.ssl.SSLContext tls12 = javax.net.ssl.SSLContext.getInstance("TLSv1.2");
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("zap", cert.keyStore.getCertificate("zap"));
        tmf.init(trust);
        tls12.init(null, tmf.getTrustManagers(), null);
        javax.net.ssl.SSLParameters only12 = new javax.net.ssl.SSLParameters();
        only12.setProtocols(new String[]{"TLSv1.2"});
        HttpClient client = HttpClient.newBuilder().sslContext(tls12).sslParameters(only12).build();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port
                + "/engine.io/?EIO=4&transport=polling")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOfAny(SSLHandshakeException.class, IOException.class);
    }

    @Test
    void plainHttpOnATlsPortGetsNoEngineIoAnswer() throws Exception {
        SelfSignedCert cert = SelfSignedCert.get();
        server = TestServer.start(b -> b.tls(TlsOptions.pem(cert.certPem, cert.keyPem).build()));
        var pending = io.zapsocket.server.testing.RawHttp.start(server.port, "GET",
                "/engine.io/?EIO=4&transport=polling", java.util.Map.of(), null);
        assertThatThrownBy(() -> pending.response.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);
        assertThat(server.engine.clientsCount()).isZero();
    }
}
