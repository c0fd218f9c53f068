package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.zapsocket.server.CompressionOptions;

import java.util.Map;

/**
 * permessage-deflate (RFC 7692) with Netty's {@link PerMessageDeflateServerExtensionHandshaker}, plus what Node's
 * {@code ws} does on top: a size threshold and a per-message opt-out ({@link OutFrame#compress()} {@code false}),
 * both applied by the encoder's filter. The server keeps its compression context across messages unless the client
 * asks for {@code server_no_context_takeover} (which {@code ws} would refuse), and accepts the client's window size
 * wishes.
 */
final class WsDeflate {
    private WsDeflate() {
    }

    /** A text frame that must not be compressed. */
    static final class PlainText extends TextWebSocketFrame {
        PlainText(ByteBuf data) {
            super(data);
        }
    }

    /** A binary frame that must not be compressed. */
    static final class PlainBinary extends BinaryWebSocketFrame {
        PlainBinary(ByteBuf data) {
            super(data);
        }
    }

    /** The accepted extension for the client's {@code Sec-WebSocket-Extensions} offer, or {@code null}. */
    static WebSocketServerExtension negotiate(CompressionOptions options, int maxMessageSize, String offer) {
        if (offer == null || offer.isBlank()) {
            return null;
        }
        int threshold = options.threshold();
        WebSocketExtensionFilter skipSmallOrPlain = frame -> frame instanceof PlainText
                || frame instanceof PlainBinary || frame.content().readableBytes() < threshold;
        WebSocketExtensionFilterProvider filters = new WebSocketExtensionFilterProvider() {
            @Override
            public WebSocketExtensionFilter encoderFilter() {
                return skipSmallOrPlain;
            }

            @Override
            public WebSocketExtensionFilter decoderFilter() {
                return WebSocketExtensionFilter.NEVER_SKIP;
            }
        };
        PerMessageDeflateServerExtensionHandshaker handshaker = new PerMessageDeflateServerExtensionHandshaker(
                options.level(), ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
                PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false, filters, maxMessageSize);
        for (WebSocketExtensionData data : WebSocketExtensionUtil.extractExtensions(offer)) {
            WebSocketServerExtension ext = handshaker.handshakeExtension(data);
            if (ext != null) {
                return ext;
            }
        }
        return null;
    }

    /** {@code name; key=value; flag} for the response's {@code Sec-WebSocket-Extensions}. */
    static String headerValue(WebSocketExtensionData data) {
        StringBuilder sb = new StringBuilder(data.name());
        for (Map.Entry<String, String> p : data.parameters().entrySet()) {
            sb.append("; ").append(p.getKey());
            if (p.getValue() != null) {
                sb.append('=').append(p.getValue());
            }
        }
        return sb.toString();
    }

    /** The frame for {@code f}: marked plain when its message opted out of compression. */
    static WebSocketFrame frame(OutFrame f, ByteBuf data) {
        if (f.compress()) {
            return f.binary() ? new BinaryWebSocketFrame(data) : new TextWebSocketFrame(data);
        }
        return f.binary() ? new PlainBinary(data) : new PlainText(data);
    }
}
