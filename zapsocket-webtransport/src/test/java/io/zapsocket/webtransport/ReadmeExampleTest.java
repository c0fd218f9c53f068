package io.zapsocket.webtransport;

import io.zapsocket.server.ServerOptions;
import io.zapsocket.server.SocketServer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the README's WebTransport snippet compiling and running (on a free port instead of 3000). */
class ReadmeExampleTest {
    @Test
    void theSnippetStartsAndStops() throws Exception {
        int port = WebTransportBrowserIT.freePort();
        // -- from README.md ("WebTransport"), port 3000 -> a free one --
        SocketServer io = SocketServer.create(ServerOptions.builder().build());
        io.listen(port).join();
        DevCertificate cert = DevCertificate.generate("localhost", "127.0.0.1");   // development only
        WebTransportServer wt = WebTransportServer.start(io, WebTransportOptions.builder()
                .tls(cert.tlsOptions())          // default: the server's own TlsOptions (QUIC always needs TLS)
                .build()).join();                // UDP, same port number as the server; .port(n) for another
        System.out.println("serverCertificateHashes: " + cert.sha256Base64());
        // --
        try {
            assertThat(wt.address().getPort()).isEqualTo(port);
            assertThat(cert.sha256()).hasSize(32);
            assertThat(cert.notAfter()).isBefore(java.time.Instant.now().plus(DevCertificate.MAX_VALIDITY));
            assertThat(cert.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
        } finally {
            io.close().get(10, TimeUnit.SECONDS);
            wt.close().get(10, TimeUnit.SECONDS);
        }
    }
}
