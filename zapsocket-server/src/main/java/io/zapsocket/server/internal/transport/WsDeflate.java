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

import java.util.HashMap;
import java.util.Map;

/**
 * permessage-deflate (RFC 7692) with Netty's {@link PerMessageDeflateServerExtensionHandshaker}, plus what Node's
 * {@code ws} does on top: a size threshold and a per-message opt-out ({@link OutFrame#compress()} {@code false}),
 * both applied by the encoder's filter. With {@link CompressionOptions#serverNoContextTakeover()} (the default) the
 * server answers every offer with {@code server_no_context_takeover} (RFC 7692 section 7.1.1.1: a server may include
 * it even if the offer did not), and accepts a {@code client_no_context_takeover} the client offered; then
 * {@link #sharedLevel} lets the connection write the compressed frames it shares with other such connections.
 * Without it the server keeps its compression context across messages unless the client asks for
 * {@code server_no_context_takeover}. The client's window size wishes are accepted (a server window under 15 bits
 * needs JZlib on the class path, else such an offer is declined).
 */
final class WsDeflate {
    static final String PERMESSAGE_DEFLATE = "permessage-deflate";
    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";

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
        boolean noContext = options.serverNoContextTakeover();
        PerMessageDeflateServerExtensionHandshaker handshaker = new PerMessageDeflateServerExtensionHandshaker(
                options.level(), ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
                PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, noContext, filters, maxMessageSize);
        for (WebSocketExtensionData data : WebSocketExtensionUtil.extractExtensions(offer)) {
            if (noContext && PERMESSAGE_DEFLATE.equals(data.name())) {
                // as if the client had asked for it: Netty's handshaker accepts it and answers with it
                Map<String, String> params = new HashMap<>(data.parameters());
                params.put(SERVER_NO_CONTEXT_TAKEOVER, null);
                data = new WebSocketExtensionData(data.name(), params);
            }
            WebSocketServerExtension ext = handshaker.handshakeExtension(data);
            if (ext != null) {
                return ext;
            }
        }
        return null;
    }

    /**
     * The level at which a connection whose handshake answered {@code response} may be written the compressed frames
     * shared across connections ({@link OutFrame#deflatedWsFrame}): {@code options.level()} when the answer has
     * {@code server_no_context_takeover} and leaves the server's window at 15 bits (what {@link SharedDeflate}
     * compresses with), else {@link WsConnection#NO_SHARED_DEFLATE}.
     */
    static int sharedLevel(CompressionOptions options, WebSocketExtensionData response) {
        Map<String, String> p = response.parameters();
        String window = p.get(SERVER_MAX_WINDOW_BITS);
        boolean defaultWindow = window == null || "15".equals(window.trim());
        return p.containsKey(SERVER_NO_CONTEXT_TAKEOVER) && defaultWindow ? options.level()
                : WsConnection.NO_SHARED_DEFLATE;
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
