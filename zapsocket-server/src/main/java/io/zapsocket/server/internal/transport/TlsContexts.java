package io.zapsocket.server.internal.transport;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.zapsocket.server.TlsOptions;

import javax.net.ssl.KeyManagerFactory;

/** Builds Netty server {@link SslContext}s from the public {@link TlsOptions}. */
final class TlsContexts {
    private TlsContexts() {
    }

    /** Whether the OPENSSL provider can be used here (netty-tcnative loads). */
    static boolean openSslAvailable() {
        try {
            return OpenSsl.isAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    static SslContext server(TlsOptions tls) {
        SslProvider provider = SslProvider.JDK;
        if (tls.provider() == TlsOptions.Provider.OPENSSL) {
            if (!openSslAvailable()) {
                Throwable cause;
                try {
                    cause = OpenSsl.unavailabilityCause();
                } catch (LinkageError e) {
                    cause = e;
                }
                throw new IllegalStateException("TLS provider OPENSSL requested but netty-tcnative-boringssl-static "
                        + "cannot be loaded", cause);
            }
            provider = SslProvider.OPENSSL;
        }
        try {
            SslContextBuilder b;
            if (tls.keyStore() != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] password = tls.keyStorePassword();
                kmf.init(tls.keyStore(), password);
                b = SslContextBuilder.forServer(kmf);
            } else {
                b = SslContextBuilder.forServer(tls.certChainFile().toFile(), tls.keyFile().toFile(),
                        tls.keyPassword());
            }
            b.sslProvider(provider);
            if (tls.protocols() != null) {
                b.protocols(tls.protocols());
            }
            if (tls.ciphers() != null) {
                b.ciphers(tls.ciphers());
            }
            return b.build();
        } catch (Exception e) {
            throw new IllegalStateException("invalid TLS settings: " + e.getMessage(), e);
        }
    }

}
