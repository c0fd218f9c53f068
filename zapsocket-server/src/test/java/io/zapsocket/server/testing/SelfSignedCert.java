package io.zapsocket.server.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1}/{@code localhost}, made with the JDK's {@code keytool} (works the
 * same on every JDK, no BouncyCastle), available as a PKCS#12 key store and as PEM files, plus a client
 * {@link SSLContext} that trusts exactly this certificate.
 */
public final class SelfSignedCert {
    public static final char[] PASSWORD = "changeit".toCharArray();

    public final Path dir;
    public final KeyStore keyStore;
    public final Path certPem;
    public final Path keyPem;

    private SelfSignedCert(Path dir, KeyStore keyStore, Path certPem, Path keyPem) {
        this.dir = dir;
        this.keyStore = keyStore;
        this.certPem = certPem;
        this.keyPem = keyPem;
    }

    private static SelfSignedCert instance;

    /** Generated once per JVM (in a temp directory deleted on exit). */
    public static synchronized SelfSignedCert get() throws Exception {
        if (instance == null) {
            instance = generate();
        }
        return instance;
    }

    private static SelfSignedCert generate() throws Exception {
        Path dir = Files.createTempDirectory("zapsocket-tls");
        Path p12 = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "zap", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass",
                new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD);
        }
        PrivateKey key = (PrivateKey) ks.getKey("zap", PASSWORD);
        Certificate cert = ks.getCertificate("zap");
        Path certPem = dir.resolve("server.crt");
        Path keyPem = dir.resolve("server.key");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded())); // PKCS#8
        for (Path f : new Path[]{p12, certPem, keyPem, dir}) {
            f.toFile().deleteOnExit();
        }
        return new SelfSignedCert(dir, ks, certPem, keyPem);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A client context trusting only this certificate (host name checks stay on: the SAN is 127.0.0.1). */
    public SSLContext clientContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("zap", keyStore.getCertificate("zap"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
