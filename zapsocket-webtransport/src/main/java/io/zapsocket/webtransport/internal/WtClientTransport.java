package io.zapsocket.webtransport.internal;

import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.zapsocket.client.internal.TransportLink;
import io.zapsocket.client.internal.TransportProvider;
import io.zapsocket.client.internal.TransportTarget;
import io.zapsocket.protocol.Transport;

/**
 * The Java client's {@code webtransport} transport, found by the client ({@code zapsocket-client}) through its
 * {@link TransportProvider} service: the client itself does not carry Netty's native QUIC. TLS: the client's
 * {@code trustManager} (or the JDK's trust store) and {@code verifyHostname}; a JDK {@code SSLContext} cannot drive
 * QUIC's BoringSSL, so {@code ClientOptions.sslContext} is refused. Stateless; thread-safe.
 */
public final class WtClientTransport implements TransportProvider {

    @Override
    public Transport type() {
        return Transport.WEBTRANSPORT;
    }

    @Override
    public TransportLink open(TransportTarget target, TransportLink.Events events) {
        if (target.sslContext() != null) {
            throw new IllegalArgumentException("webtransport cannot use ClientOptions.sslContext (a JDK SSLContext "
                    + "cannot drive QUIC's TLS): give a trustManager instead");
        }
        QuicSslContextBuilder b = QuicSslContextBuilder.forClient()
                .applicationProtocols(Http3.supportedApplicationProtocols());
        if (target.trustManager() != null) {
            b.trustManager(target.trustManager());
        }
        if (target.verifyHostname()) {
            b.endpointIdentificationAlgorithm("HTTPS");
        }
        QuicSslContext ssl = b.build();
        WtClientLink link = new WtClientLink(target, ssl, events);
        link.start();
        return link;
    }
}
