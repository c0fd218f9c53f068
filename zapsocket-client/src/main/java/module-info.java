/**
 * The Zap-Socket Java client: {@link io.zapsocket.client.SocketClient} and its API ({@code io.zapsocket.client}).
 * The {@code internal} package is not exported.
 */
module io.zapsocket.client {
    requires transitive io.zapsocket.protocol;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.resolver;
    requires io.netty.codec;
    requires io.netty.codec.compression;
    requires io.netty.codec.http;
    requires io.netty.handler;
    requires org.slf4j;

    exports io.zapsocket.client;
    // the transport SPI of the optional WebTransport module (TransportProvider): not an API
    exports io.zapsocket.client.internal to io.zapsocket.webtransport;

    uses io.zapsocket.client.internal.TransportProvider;
}
