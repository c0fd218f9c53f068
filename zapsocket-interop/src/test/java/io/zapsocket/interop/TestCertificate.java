package io.zapsocket.interop;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate for 127.0.0.1 made with the JDK's {@code keytool}, as a loaded PKCS#12 key store. */
final class TestCertificate {
    static final char[] PASSWORD = "changeit".toCharArray();

    private TestCertificate() {
    }

    static KeyStore generate() throws Exception {
        Path dir = Files.createTempDirectory("zapsocket-interop-tls");
        Path p12 = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "zap", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass",
                new String(PASSWORD), "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD);
        }
        Files.delete(p12);
        Files.delete(dir);
        return ks;
    }
}
