package io.zapsocket.client.internal;

import io.zapsocket.protocol.Transport;

/**
 * A transport that another Zap-Socket module gives the client (the {@code webtransport} one lives in
 * {@code zapsocket-webtransport}, so that the client does not carry Netty's native QUIC), found with
 * {@link java.util.ServiceLoader}. Not an API: this package is exported only to those modules.
 */
public interface TransportProvider {

    /** Whether a module on the class or module path provides {@code type}. */
    static boolean available(Transport type) {
        return ProvidedTransport.available(type);
    }

    /** The transport this provider speaks. */
    Transport type();

    /**
     * Starts connecting; {@code events} hears of the open, the packets and the end, on {@link TransportTarget#loop()}.
     * Called on that loop.
     */
    TransportLink open(TransportTarget target, TransportLink.Events events);
}
