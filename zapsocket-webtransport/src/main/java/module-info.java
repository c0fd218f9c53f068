/**
 * Zap-Socket's experimental WebTransport transport: {@link io.zapsocket.webtransport.WebTransportServer} serves the
 * {@code webtransport} Engine.IO transport over HTTP/3 (QUIC, Netty's native codec) next to a Zap-Socket server;
 * {@link io.zapsocket.webtransport.DevCertificate} makes a short-lived certificate for development. It also gives
 * the Java client ({@code io.zapsocket.client}) its {@code webtransport} transport, as a service.
 */
module io.zapsocket.webtransport {
    requires transitive io.zapsocket.server;
    // the Java client's webtransport transport (not static: a provides clause needs its service's module)
    requires io.zapsocket.client;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.codec.classes.quic;
    requires io.netty.codec.http3;
    requires org.slf4j;

    exports io.zapsocket.webtransport;

    provides io.zapsocket.client.internal.TransportProvider with io.zapsocket.webtransport.internal.WtClientTransport;
}
