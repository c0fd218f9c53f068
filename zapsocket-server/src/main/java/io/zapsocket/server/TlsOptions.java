package io.zapsocket.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * TLS for the server's port (https/wss): the server key and certificate chain, from PEM files or a
 * {@link KeyStore}, and the TLS implementation.
 *
 * <p>{@link Provider#JDK} uses the JDK's JSSE. {@link Provider#OPENSSL} uses BoringSSL through
 * {@code io.netty:netty-tcnative-boringssl-static} (an optional dependency: add it, with the classifier of your
 * platform, to use this provider); the server fails to start with an {@link IllegalStateException} if it cannot
 * be loaded.
 *
 * <p>Immutable; build with {@link #pem(Path, Path)} or {@link #keyStore(KeyStore, char[])}.
 *
 * @since 0.1
 */
public final class TlsOptions {
    /** The TLS implementation. */
    public enum Provider {
        /** The JDK's JSSE (default). */
        JDK,
        /** OpenSSL (BoringSSL) through netty-tcnative. */
        OPENSSL
    }

    private final Path certChainFile;
    private final Path keyFile;
    private final String keyPassword;
    private final KeyStore keyStore;
    private final char[] keyStorePassword;
    private final Provider provider;
    private final List<String> protocols;
    private final List<String> ciphers;
    private final Duration handshakeTimeout;

    private TlsOptions(Builder b) {
        this.certChainFile = b.certChainFile;
        this.keyFile = b.keyFile;
        this.keyPassword = b.keyPassword;
        this.keyStore = b.keyStore;
        this.keyStorePassword = b.keyStorePassword == null ? null : b.keyStorePassword.clone();
        this.provider = b.provider;
        this.protocols = b.protocols == null ? null : List.copyOf(b.protocols);
        this.ciphers = b.ciphers == null ? null : List.copyOf(b.ciphers);
        this.handshakeTimeout = b.handshakeTimeout;
    }

    /** TLS with a PEM certificate chain (server certificate first) and a PEM PKCS#8 private key. */
    public static Builder pem(Path certChainFile, Path privateKeyFile) {
        Builder b = new Builder();
        b.certChainFile = Objects.requireNonNull(certChainFile, "certChainFile");
        b.keyFile = Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        return b;
    }

    /** TLS with the (single) private key entry of a loaded key store and its password. */
    public static Builder keyStore(KeyStore keyStore, char[] password) {
        Builder b = new Builder();
        b.keyStore = Objects.requireNonNull(keyStore, "keyStore");
        b.keyStorePassword = Objects.requireNonNull(password, "password").clone();
        return b;
    }

    /** The PEM certificate chain, or {@code null} with a key store. */
    public Path certChainFile() {
        return certChainFile;
    }

    /** The PEM private key, or {@code null} with a key store. */
    public Path keyFile() {
        return keyFile;
    }

    /** The PEM key's password, {@code null} for an unencrypted key. */
    public String keyPassword() {
        return keyPassword;
    }

    /** The key store, or {@code null} with PEM files. */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** The key store's key password (a copy), or {@code null}. */
    public char[] keyStorePassword() {
        return keyStorePassword == null ? null : keyStorePassword.clone();
    }

    public Provider provider() {
        return provider;
    }

    /** Enabled protocols (e.g. {@code TLSv1.3}); {@code null} = the provider's defaults. */
    public List<String> protocols() {
        return protocols;
    }

    /** Enabled cipher suites; {@code null} = the provider's defaults. */
    public List<String> ciphers() {
        return ciphers;
    }

    /** How long a TLS handshake may take before the connection is closed (default 10 s). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    @Override
    public String toString() {
        return "TlsOptions{" + (keyStore != null ? "keyStore" : "pem " + certChainFile) + ", provider=" + provider
                + (protocols == null ? "" : ", protocols=" + protocols) + '}';
    }

    /** Builder for {@link TlsOptions}; not thread-safe. */
    public static final class Builder {
        private Path certChainFile;
        private Path keyFile;
        private String keyPassword;
        private KeyStore keyStore;
        private char[] keyStorePassword;
        private Provider provider = Provider.JDK;
        private List<String> protocols;
        private List<String> ciphers;
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** Password of an encrypted PEM key. */
        public Builder keyPassword(String password) {
            this.keyPassword = password;
            return this;
        }

        public Builder provider(Provider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        public Builder protocols(String... protocols) {
            this.protocols = nonEmpty(protocols, "protocols");
            return this;
        }

        public Builder ciphers(String... ciphers) {
            this.ciphers = nonEmpty(ciphers, "ciphers");
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "handshakeTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive: " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Validates: the PEM files are readable, or the key store holds a private key entry. */
        public TlsOptions build() {
            if (keyStore == null) {
                for (Path p : new Path[]{certChainFile, keyFile}) {
                    if (!Files.isReadable(p)) {
                        throw new IllegalArgumentException("not a readable file: " + p);
                    }
                }
            } else {
                try {
                    boolean hasKey = false;
                    for (String alias : Collections.list(keyStore.aliases())) {
                        hasKey |= keyStore.isKeyEntry(alias);
                    }
                    if (!hasKey) {
                        throw new IllegalArgumentException("the key store has no private key entry");
                    }
                } catch (KeyStoreException e) {
                    throw new IllegalArgumentException("the key store is not loaded", e);
                }
            }
            return new TlsOptions(this);
        }

        private static List<String> nonEmpty(String[] values, String name) {
            if (values.length == 0) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return List.of(values);
        }
    }
}
