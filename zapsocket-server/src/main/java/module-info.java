/**
 * The Zap-Socket server: {@link io.zapsocket.server.SocketServer} and its API ({@code io.zapsocket.server}) and the
 * adapter SPI for clusters ({@code io.zapsocket.server.adapter}). The {@code internal} packages are not exported.
 *
 * <p>Optional native transports and codecs are {@code requires static}: on the module path, add the ones you use
 * with {@code --add-modules} (e.g. {@code io.netty.transport.classes.io_uring} for io_uring, {@code io.netty.transport.classes.epoll} for epoll,
 * {@code io.netty.tcnative.classes.openssl} for BoringSSL, {@code com.aayushatharva.brotli4j} for brotli).
 */
module io.zapsocket.server {
    requires transitive io.zapsocket.protocol;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.codec.compression;
    requires io.netty.codec.http;
    requires io.netty.handler;
    requires org.slf4j;
    requires static io.netty.transport.classes.epoll;
    requires static io.netty.transport.classes.io_uring;
    requires static io.netty.transport.unix.common;
    requires static io.netty.tcnative.classes.openssl;
    requires static com.aayushatharva.brotli4j;
    // Bean Validation of typed event payloads, when the application has it (and a provider)
    requires static jakarta.validation;

    exports io.zapsocket.server;
    exports io.zapsocket.server.adapter;
    // the hook of the optional WebTransport module (StreamTransports): not an API
    exports io.zapsocket.server.internal.engine to io.zapsocket.webtransport;
    exports io.zapsocket.server.internal.transport to io.zapsocket.webtransport;
    exports io.zapsocket.server.internal.sio to io.zapsocket.webtransport;
}
