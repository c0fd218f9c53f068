package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.zapsocket.server.CompressionOptions;
import io.zapsocket.server.testing.JsonPayloads;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** permessage-deflate negotiation, threshold and per-message opt-out, on an EmbeddedChannel. */
class WsDeflateTest {
    private static final String NODE_OFFER = "permessage-deflate; client_max_window_bits";

    private static WebSocketServerExtension negotiate(String offer) {
        return WsDeflate.negotiate(CompressionOptions.DEFAULT, 1_000_000, offer);
    }

    /** Writes the frame through the server's deflate encoder and returns what leaves it. */
    private static WebSocketFrame encode(WebSocketServerExtension ext, WebSocketFrame frame) {
        EmbeddedChannel ch = new EmbeddedChannel(ext.newExtensionEncoder());
        ch.writeOutbound(frame);
        WebSocketFrame out = ch.readOutbound();
        assertFalse(ch.finish());
        return out;
    }

    @Test
    void acceptsTheOfferOfNodesWsClient() {
        WebSocketServerExtension ext = negotiate(NODE_OFFER);
        assertThat(ext).isNotNull();
        assertThat(WsDeflate.headerValue(ext.newReponseData())).startsWith("permessage-deflate");
        assertThat(negotiate(null)).isNull();
        assertThat(negotiate("")).isNull();
        assertThat(negotiate("x-webkit-deflate-frame")).isNull();
        // a browser-style offer with parameters
        assertThat(negotiate("permessage-deflate; client_max_window_bits=15; server_no_context_takeover"))
                .isNotNull();
    }

    @Test
    void compressesAJsonHeavyMessageAboveTheThreshold() {
        WebSocketServerExtension ext = negotiate(NODE_OFFER);
        String json = "4" + JsonPayloads.users(10 * 1024);
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        WebSocketFrame out = encode(ext, WsDeflate.frame(OutFrame.text(raw), Unpooled.wrappedBuffer(raw)));
        try {
            assertThat(out.rsv() & WebSocketExtension.RSV1).as("RSV1 (compressed)").isNotZero();
            double ratio = (double) out.content().readableBytes() / raw.length;
            System.out.printf("permessage-deflate, 10 KiB JSON: %d -> %d bytes, ratio %.3f%n", raw.length,
                    out.content().readableBytes(), ratio);
            assertThat(ratio).isLessThan(0.25);

            // and it inflates back to the same text
            EmbeddedChannel in = new EmbeddedChannel(ext.newExtensionDecoder());
            in.writeInbound(out.retain());
            TextWebSocketFrame back = in.readInbound();
            assertThat(back.text()).isEqualTo(json);
            back.release();
            assertFalse(in.finish());
        } finally {
            out.release();
        }
    }

    @Test
    void smallMessagesAndCompressFalseAreSentAsIs() {
        WebSocketServerExtension ext = negotiate(NODE_OFFER);
        byte[] small = ("4" + "x".repeat(1000)).getBytes(StandardCharsets.UTF_8); // 1001 < 1024
        WebSocketFrame out = encode(ext, WsDeflate.frame(OutFrame.text(small), Unpooled.wrappedBuffer(small)));
        assertThat(out.rsv()).isZero();
        assertThat(out.content().readableBytes()).isEqualTo(small.length);
        out.release();

        byte[] big = ("4" + JsonPayloads.users(4096)).getBytes(StandardCharsets.UTF_8);
        OutFrame plain = new OutFrame(false, big, false);
        out = encode(ext, WsDeflate.frame(plain, Unpooled.wrappedBuffer(big)));
        assertThat(out.rsv()).isZero();
        ByteBuf content = out.content();
        assertThat(content.toString(StandardCharsets.UTF_8)).isEqualTo(new String(big, StandardCharsets.UTF_8));
        out.release();

        byte[] bin = new byte[2048];
        out = encode(ext, WsDeflate.frame(new OutFrame(true, bin, false), Unpooled.wrappedBuffer(bin)));
        assertThat(out.rsv()).isZero();
        out.release();
    }

    @Test
    void aMessageThatInflatesBeyondTheLimitIsClosedWith1009() {
        // the server's own deflater makes a 100 KB message of zeros into a few hundred bytes
        WebSocketServerExtension big = WsDeflate.negotiate(CompressionOptions.DEFAULT, 1_000_000, NODE_OFFER);
        byte[] zeros = new byte[100_000];
        WebSocketFrame bomb = encode(big, WsDeflate.frame(OutFrame.binary(zeros), Unpooled.wrappedBuffer(zeros)));
        assertThat(bomb.content().readableBytes()).isLessThan(1000);

        java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel();
        WsConnection conn = new WsConnection(ch, new WsListener() {
            @Override
            public void onText(String text) {
                events.add("text");
            }

            @Override
            public void onBinary(byte[] data) {
                events.add("binary " + data.length);
            }

            @Override
            public void onError(Throwable cause) {
                events.add("error");
            }

            @Override
            public void onClose() {
                events.add("close");
            }
        });
        WebSocketServerExtension small = WsDeflate.negotiate(CompressionOptions.DEFAULT, 1000, NODE_OFFER);
        ch.pipeline().addLast(small.newExtensionDecoder(), new WsFrameHandler(conn, 1000));
        ch.writeInbound(bomb);

        io.netty.handler.codec.http.websocketx.CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1009);
        close.release();
        assertThat(events).doesNotContain("binary 100000").contains("error");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }
}
