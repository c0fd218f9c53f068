package io.zapsocket.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class WsFrameHandlerTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final WsListener listener = new WsListener() {
        @Override
        public void onText(String text) {
            events.add("text " + text);
        }

        @Override
        public void onBinary(byte[] data) {
            events.add("binary " + HexFormat.of().formatHex(data));
        }

        @Override
        public void onError(Throwable cause) {
            events.add("error " + cause.getClass().getSimpleName());
        }

        @Override
        public void onClose() {
            events.add("close");
        }
    };

    private EmbeddedChannel channel(int maxMessage) {
        EmbeddedChannel ch = new EmbeddedChannel();
        WsConnection conn = new WsConnection(ch, listener);
        ch.pipeline().addLast(new WsFrameHandler(conn, maxMessage));
        ch.attr(io.netty.util.AttributeKey.valueOf("conn")).set(conn);
        return ch;
    }

    private static WsConnection conn(EmbeddedChannel ch) {
        return (WsConnection) ch.attr(io.netty.util.AttributeKey.valueOf("conn")).get();
    }

    @Test
    void deliversTextAndBinaryMessagesAndReleasesFrames() {
        EmbeddedChannel ch = channel(100);
        TextWebSocketFrame text = new TextWebSocketFrame("4hello");
        ch.writeInbound(text);
        ch.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[]{1, 2})));
        ch.writeInbound(new TextWebSocketFrame(false, 0, "4he"), new ContinuationWebSocketFrame(true, 0, "llo"));
        assertThat(events).containsExactly("text 4hello", "binary 0102", "text 4hello");
        assertThat(text.refCnt()).isZero();
        assertFalse(ch.finish());
    }

    @Test
    void joinsFragmentedMessagesWithControlFramesInBetween() {
        EmbeddedChannel ch = channel(100);
        ch.writeInbound(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[]{1})));
        ch.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("p", StandardCharsets.US_ASCII)));
        ch.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[]{2, 3})));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[]{4})));
        // a multi-byte character split across fragments is valid once joined
        byte[] euro = "4\u20ac".getBytes(StandardCharsets.UTF_8);
        ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(euro, 0, 2)));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(euro, 2, euro.length - 2)));
        PongWebSocketFrame pong = ch.readOutbound();
        pong.release();
        assertThat(events).containsExactly("binary 01020304", "text 4\u20ac");
        assertFalse(ch.finish());
    }

    @Test
    void invalidUtf8ClosesWith1007InOneFrameOrAcrossFragments() {
        for (boolean fragmented : new boolean[]{false, true}) {
            events.clear();
            EmbeddedChannel ch = channel(100);
            byte[] bad = {'4', (byte) 0xED, (byte) 0xA0, (byte) 0x80}; // an encoded surrogate: not UTF-8
            if (fragmented) {
                ch.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(bad, 0, 2)));
                ch.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(bad, 2, 2)));
            } else {
                ch.writeInbound(new TextWebSocketFrame(true, 0, Unpooled.wrappedBuffer(bad)));
            }
            assertClosedWith(ch, 1007, "CorruptedWebSocketFrameException");
        }
    }

    @Test
    void answersPingsAndIgnoresPongs() {
        EmbeddedChannel ch = channel(100);
        ch.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("p", StandardCharsets.US_ASCII)));
        ch.writeInbound(new PongWebSocketFrame());
        PongWebSocketFrame pong = ch.readOutbound();
        assertThat(pong.content().toString(StandardCharsets.US_ASCII)).isEqualTo("p");
        pong.release();
        assertThat(events).isEmpty();
        assertFalse(ch.finish());
    }

    @Test
    void echoesThePeersCloseAndReportsTheCloseOnce() {
        EmbeddedChannel ch = channel(100);
        ch.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        CloseWebSocketFrame echo = ch.readOutbound();
        assertThat(echo.statusCode()).isEqualTo(1000);
        echo.release();
        assertThat(ch.isActive()).isFalse();
        conn(ch).close();
        ch.runPendingTasks();
        assertThat(events).containsExactly("close");
        assertFalse(ch.finish());
    }

    @Test
    void oversizedAggregatedMessageClosesWith1009BeforeTheListenerReacts() {
        EmbeddedChannel ch = channel(5);
        ch.writeInbound(new TextWebSocketFrame(false, 0, "4hel"));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, "lo!!"));
        assertClosedWith(ch, 1009, "TooLongFrameException");
    }

    /** The handler sent a close frame with {@code code}, closed, and reported the error, then the close. */
    private void assertClosedWith(EmbeddedChannel ch, int code, String error) {
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(code);
        close.release();
        assertThat(ch.isActive()).isFalse();
        assertThat(events).containsExactly("error " + error, "close");
        assertFalse(ch.finish());
    }

    @Test
    void writesFramesAndClosesWithAnEmptyCloseFrame() {
        EmbeddedChannel ch = channel(100);
        conn(ch).write(List.of(OutFrame.text("4a"), OutFrame.binary(new byte[]{7})));
        // uncompressed frames leave as their wire bytes: FIN + opcode, length, data; small ones of one flush corked
        ByteBuf t = ch.readOutbound();
        assertThat(ByteBufUtil.getBytes(t)).containsExactly(0x81, 2, '4', 'a', 0x82, 1, 7);
        t.release();
        conn(ch).close();
        conn(ch).write(List.of(OutFrame.text("4late")));
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.content().readableBytes()).isZero();
        close.release();
        assertThat(ch.isActive()).isFalse();
        assertFalse(ch.finish());
    }

    @Test
    void errorsAreReportedBeforeTheClose() {
        EmbeddedChannel ch = channel(100);
        ch.pipeline().fireExceptionCaught(new TooLongFrameException("x"));
        CloseWebSocketFrame close = ch.readOutbound();
        close.release();
        assertThat(events).containsExactly("error TooLongFrameException", "close");
        assertThat(ch.isActive()).isFalse();
        assertFalse(ch.finish());
    }
}
