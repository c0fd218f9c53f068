package io.zapsocket.webtransport;

import io.zapsocket.server.TlsOptions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A short-lived self-signed ECDSA (P-256) certificate for development, and its SHA-256 hash: what a browser accepts
 * from a WebTransport server it cannot otherwise trust when the page passes the hash as
 * {@code serverCertificateHashes} (the certificate must be valid for at most 14 days). Never for production.
 *
 * <pre>{@code
 * DevCertificate cert = DevCertificate.generate("localhost", "127.0.0.1");
 * TlsOptions tls = cert.tlsOptions();          // for WebTransportOptions.tls (or ServerOptions.tls)
 * String hash = cert.sha256Base64();           // for the page's serverCertificateHashes
 * }</pre>
 *
 * @since 0.1
 */
public final class DevCertificate {
    /** The longest validity browsers accept with {@code serverCertificateHashes}. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(14);
    private static final char[] PASSWORD = "zapsocket-dev".toCharArray();

    private final X509Certificate certificate;
    private final KeyStore keyStore;
    private final byte[] sha256;

    private DevCertificate(X509Certificate certificate, KeyStore keyStore, byte[] sha256) {
        this.certificate = certificate;
        this.keyStore = keyStore;
        this.sha256 = sha256;
    }

    /** A certificate valid from one hour ago for 10 days, for these DNS names and IP addresses. */
    public static DevCertificate generate(String... names) {
        return generate(Duration.ofDays(10), names);
    }

    /**
     * A certificate valid from one hour ago until {@code validity} from now (at most {@link #MAX_VALIDITY} in
     * all), for these DNS names and IP addresses (none: {@code localhost} and {@code 127.0.0.1}).
     */
    public static DevCertificate generate(Duration validity, String... names) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero() || validity.plusHours(1).compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("validity must be positive and at most 14 days minus an hour: "
                    + validity);
        }
        List<String> sans = names.length == 0 ? List.of("localhost", "127.0.0.1") : List.of(names);
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keys = gen.generateKeyPair();
            Instant now = Instant.now();
            byte[] tbs = tbs(keys, sans, now.minus(Duration.ofHours(1)), now.plus(validity));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs);
            byte[] der = seq(tbs, ecdsaWithSha256(), bitString(signer.sign()));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("dev", keys.getPrivate(), PASSWORD, new X509Certificate[]{cert});
            return new DevCertificate(cert, ks, MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a development certificate", e);
        }
    }

    /** The certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** TLS options with this certificate and its key (an in-memory key store). */
    public TlsOptions tlsOptions() {
        return TlsOptions.keyStore(keyStore, PASSWORD).build();
    }

    /** The SHA-256 hash of the certificate's DER encoding (a copy). */
    public byte[] sha256() {
        return sha256.clone();
    }

    /** {@link #sha256()} in base64, e.g. for a page's {@code serverCertificateHashes}. */
    public String sha256Base64() {
        return Base64.getEncoder().encodeToString(sha256);
    }

    /** When the certificate expires. */
    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    // ------------------------------------------------------------------ a minimal DER writer

    private static byte[] tbs(KeyPair keys, List<String> names, Instant from, Instant to)
            throws UnknownHostException {
        byte[] name = seq(set(seq(oid(2, 5, 4, 3), tlv(0x0c, "Zap-Socket development".getBytes(
                StandardCharsets.UTF_8)))));
        List<byte[]> general = new ArrayList<>();
        for (String n : names) {
            if (n.matches("[0-9.]+") || n.contains(":")) {
                general.add(tlv(0x87, InetAddress.getByName(n).getAddress()));
            } else {
                general.add(tlv(0x82, n.getBytes(StandardCharsets.US_ASCII)));
            }
        }
        byte[] san = seq(oid(2, 5, 29, 17), tlv(0x04, seq(general.toArray(byte[][]::new))));
        byte[] serial = tlv(0x02, new BigInteger(64, new SecureRandom()).add(BigInteger.ONE).toByteArray());
        return seq(tlv(0xa0, tlv(0x02, new byte[]{2})), serial, ecdsaWithSha256(), name,
                seq(utcTime(from), utcTime(to)), name, keys.getPublic().getEncoded(), tlv(0xa3, seq(san)));
    }

    private static byte[] ecdsaWithSha256() {
        return seq(oid(1, 2, 840, 10045, 4, 3, 2));
    }

    private static byte[] utcTime(Instant t) {
        String s = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(t);
        return tlv(0x17, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] bitString(byte[] bits) {
        byte[] b = new byte[bits.length + 1];
        System.arraycopy(bits, 0, b, 1, bits.length);
        return tlv(0x03, b);
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int v = arcs[i];
            int shift = 28;
            while (shift > 0 && (v >>> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                out.write(0x80 | ((v >>> shift) & 0x7f));
            }
            out.write(v & 0x7f);
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 128) {
            out.write(n);
        } else if (n < 256) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "DevCertificate[sha256=" + sha256Base64() + ", notAfter=" + notAfter() + ']';
    }
}
