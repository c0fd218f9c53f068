/**
 * Zap-Socket's experimental WebTransport transport: {@link io.zapsocket.webtransport.WebTransportServer} serves the
 * {@code webtransport} Engine.IO transport over HTTP/3 (QUIC, Netty's native codec) next to a Zap-Socket server;
 * {@link io.zapsocket.webtransport.DevCertificate} makes a short-lived certificate for development.
 */
module io.zapsocket.webtransport {
    requires transitive io.zapsocket.server;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.codec.classes.quic;
    requires io.netty.codec.http3;
    requires org.slf4j;

    exports io.zapsocket.webtransport;
}
